#pragma once

#include <QString>

/// The answer to enqueuing an async task (CreateAsyncTaskV1Response): `{task_id}`.
struct CreateAsyncTaskResponse
{
    QString taskId;

    friend bool operator==(const CreateAsyncTaskResponse&,
                           const CreateAsyncTaskResponse&) = default;
};
