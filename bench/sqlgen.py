"""Column lists for `INSERT … SELECT generate_series` benchmark fillers: each concrete field of a model gets its
generated SQL expression, its default as a parameter, NULL, or '' for text without a default."""

__all__ = ["insert_columns"]


def insert_columns(model, generated: dict[str, str], params: dict, connection) -> tuple[list[str], list[str]]:
    columns, expressions = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in generated:
            expressions.append(generated[field.column])
        elif field.has_default():
            params[field.column] = field.get_db_prep_value(field.get_default(), connection)
            expressions.append(f"%({field.column})s")
        elif field.null:
            expressions.append("NULL")
        elif field.get_internal_type() in ("CharField", "TextField"):
            expressions.append("''")
        else:
            raise SystemExit(f"No value for the required column {field.column}.")
    return columns, expressions
