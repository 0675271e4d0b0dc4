#pragma once

#include <QString>

class QLabel;
class QWidget;

/// A form field with a line under it for its error message. The line is reserved even while
/// empty, so the form does not jump as messages come and go; its label is named
/// `error_<key>`, after the request field it speaks of.
struct FieldRow
{
    QWidget* container = nullptr;
    QLabel* error = nullptr;

    static FieldRow create(QWidget* field, const QString& key, QWidget* parent);
    /// The message line alone, for forms that place it themselves (in a grid row under the
    /// field): named, coloured and one line tall as create() makes it.
    static QLabel* createError(const QString& key, QWidget* parent);
};
