#pragma once

#include <QByteArray>

/// Answers shaped like a real Launch server's, with nulls and fields this client does not
/// know, for the client tests.
namespace Fixtures {

inline const QByteArray endpoint = R"({
    "id": "end_abc123", "name": "demo-sync", "endpoint_type": "sync",
    "destination": "launch.demo-sync", "deployment_name": null, "metadata": {},
    "bundle_name": "echo", "status": "READY", "post_inference_hooks": null,
    "default_callback_url": null, "default_callback_auth": null,
    "labels": {"team": "infra"}, "aws_role": null, "results_s3_bucket": null,
    "created_by": "user_1", "created_at": "2026-12-01T10:00:00Z",
    "last_updated_at": "2026-12-02T11:00:00.123456Z",
    "deployment_state": {"min_workers": 1, "max_workers": 3, "per_worker": 2,
                         "concurrent_requests_per_worker": 4, "available_workers": 1,
                         "unavailable_workers": 0},
    "resource_state": {"cpus": "500m", "gpus": 0, "memory": "1Gi", "storage": "2Gi",
                       "nodes_per_worker": 1, "gpu_type": null},
    "num_queued_items": 5, "public_inference": false,
    "a_field_added_later": {"nested": [1, 2]}})";

inline const QByteArray endpointList =
        QByteArray("{\"model_endpoints\": [").append(endpoint).append("]}");

inline const QByteArray bundle = R"({
    "id": "bun_1", "name": "echo", "metadata": {}, "created_at": "2026-12-01T09:00:00Z",
    "model_artifact_ids": [], "schema_location": null,
    "flavor": {"flavor": "runnable_image", "repository": "local", "tag": "1",
               "command": ["launch-example-model"], "protocol": "http",
               "predict_route": "/predict", "healthcheck_route": "/readyz",
               "env": {"GREETING": "hi"}, "readiness_initial_delay_seconds": 5}})";

inline const QByteArray bundleList =
        QByteArray("{\"model_bundles\": [").append(bundle).append("]}");

inline const QByteArray bundleV1 = R"({
    "id": "bun_1", "name": "echo", "location": "s3://bucket/echo", "requirements": ["numpy"],
    "env_params": {"framework_type": "custom_base_image", "ecr_repo": "repo",
                   "image_tag": "1", "pytorch_image_tag": null},
    "packaging_type": "cloudpickle", "metadata": {}, "app_config": null,
    "created_at": "2026-12-01T09:00:00Z", "model_artifact_ids": [],
    "schema_location": null})";

inline const QByteArray syncResult = R"({
    "status": "SUCCESS", "result": {"result": "{\"y\": 2}"}, "traceback": null,
    "status_code": 200})";

inline const QByteArray asyncTask = R"({
    "task_id": "task_9", "status": "SUCCESS", "result": {"result": "{\"y\": 2}"},
    "traceback": null, "status_code": 200})";

inline const QByteArray logs = R"({
    "model_endpoint_id": "end_abc123", "status": "READY", "status_reason": null,
    "workers": [{"worker_id": "w1", "pid": 41231, "port": 40517, "state": "READY",
                 "started_at": "2026-12-03T18:40:12Z", "exited_at": null, "exit_code": null,
                 "restarts": 0, "log": "listening on 127.0.0.1:40517\n", "truncated": false},
                {"worker_id": "w0", "pid": null, "port": 40511, "state": "FAILED",
                 "started_at": "2026-12-03T18:39:00Z", "exited_at": "2026-12-03T18:40:10Z",
                 "exit_code": 3, "reason": "crashed", "restarts": 1, "log": "boom\n",
                 "truncated": true}]})";

} // namespace Fixtures
