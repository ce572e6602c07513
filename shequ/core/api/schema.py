"""The OpenAPI generator (issue #12): a schema clients can trust.

drf-spectacular's `AutoSchema`, plus four corrections every register inherits:

- `search/` (`BaseViewSet.search`) takes the register's filters as a JSON object and answers the paginated list,
  as the list does; it was documented as taking the create body and answering one record.
- A field whose model field is `null=True` is documented `nullable` wherever it can answer null: DRF answers None
  for an empty relation or value even when a declared field (a `SlugRelatedField`, a `StringRelatedField`) does
  not say `allow_null`, which only governs what a request may send.
- The errors an operation can answer are documented, with shared components: 400 (a field → messages object with
  `non_field_errors`, or `{"detail": ...}` when the body cannot be parsed), 401, 403, 404, 409, and 429 when the
  view is throttled.
- Integer bounds do not depend on the database the schema is generated on: Django adds the connection's column
  range to an integer model field's validators (±2⁶³ on SQLite, ±2³¹ for an `IntegerField` on PostgreSQL); here
  the bounds are the model's own validators within the field type's signed 32- or 64-bit range, read from the
  backend-independent table, never from `connection`.
"""

import copy

from django.core import validators
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from drf_spectacular.drainage import warn
from drf_spectacular.extensions import OpenApiFilterExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import (
    ResolvedComponent,
    build_array_type,
    build_basic_type,
    build_object_type,
    force_instance,
    get_manager,
    get_view_model,
    safe_ref,
)
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers
from rest_framework.permissions import AllowAny

__all__ = ["ERROR_RESPONSES", "AutoSchema", "integer_bounds", "model_field_of", "postprocess_search_enums"]

SEARCH_ACTION = "search"
SEARCH_ENUM = "x-search-enum"
INT32 = (-(2**31), 2**31 - 1)

# Shared schema components of error bodies.
ERROR_SCHEMA = build_object_type(
    properties={"detail": build_basic_type(OpenApiTypes.STR)},
    required=["detail"],
    description="An error that concerns the request as a whole.",
)
MESSAGES = build_array_type(build_basic_type(OpenApiTypes.STR))  # type: ignore[arg-type]
VALIDATION_ERROR_SCHEMA = {
    **build_object_type(
        properties={"non_field_errors": {**MESSAGES, "description": "Errors that concern no single field."}},
        description="Refused input: each field in error → its messages; `non_field_errors` for the whole body.",
    ),
    "additionalProperties": MESSAGES,
}
BAD_REQUEST_SCHEMA = {
    "oneOf": [
        {"$ref": "#/components/schemas/ValidationError"},
        {"$ref": "#/components/schemas/Error"},
    ],
    "description": "Refused input (field → messages), or `{\"detail\": ...}` when the body could not be parsed.",
}

# status code → (response component, description, schema component)
ERROR_RESPONSES = {
    "400": ("BadRequest", "The request was refused: invalid input, or a body that could not be parsed.", "BadRequest"),
    "401": ("Unauthorized", "No valid credentials (a token or a session) were given.", "Error"),
    "403": ("Forbidden", "Signed in, but without the right, or the record would lie outside your jurisdiction.",
            "Error"),
    "404": ("NotFound", "No such record within your jurisdiction (out of scope is 404, never 403), or no such page.",
            "Error"),
    "409": ("Conflict", "The record conflicts with an existing one, is still referred to, or the step is not allowed "
            "in the record's present state.", "Error"),
    "429": ("TooManyRequests", "Too many requests; retry after the number of seconds in `Retry-After`.", "Error"),
}
SCHEMA_COMPONENTS = {
    "Error": ERROR_SCHEMA,
    "ValidationError": VALIDATION_ERROR_SCHEMA,
    "BadRequest": BAD_REQUEST_SCHEMA,
}


def model_field_of(field) -> models.Field | None:
    """The model field a serializer field reads, when its serializer is a ModelSerializer and its source a concrete
    field of the model (dotted sources through relations: the last field; `*` and methods: None)."""
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    source = getattr(field, "source", None)
    if model is None or not source or source == "*":
        return None
    model_field = None
    for part in source.split("."):
        if model is None:
            return None
        try:
            model_field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if not isinstance(model_field, models.Field):  # a reverse relation
            return None
        model = model_field.related_model
    return model_field


def answers_null(field) -> bool:
    """Whether the field can answer null: its model field, or a relation on the way to it, is `null=True`."""
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    source = getattr(field, "source", None)
    if model is None or not source or source == "*":
        return False
    for part in source.split("."):
        if model is None:
            return False
        try:
            model_field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if not isinstance(model_field, models.Field) or model_field.many_to_many:
            return False
        if model_field.null:
            return True
        model = model_field.related_model
    return False


def _limit(validator):
    value = validator.limit_value
    return value() if callable(value) else value


def integer_bounds(model_field: models.Field) -> tuple[int | None, int | None]:
    """(minimum, maximum) of an integer model field, independent of the database engine: the field type's range in
    Django's backend-independent table (signed 32- or 64-bit, 0 for positive types) narrowed by the validators the
    model declares. Never `connection.ops.integer_field_range`, which is what `model_field.validators` adds."""
    low, high = BaseDatabaseOperations.integer_field_ranges.get(model_field.get_internal_type(), (None, None))
    for validator in [*model_field.default_validators, *model_field._validators]:  # type: ignore[attr-defined]
        if isinstance(validator, validators.MaxValueValidator):
            high = _limit(validator) if high is None else min(high, _limit(validator))
        elif isinstance(validator, validators.MinValueValidator):
            low = _limit(validator) if low is None else max(low, _limit(validator))
    return low, high


def postprocess_search_enums(result, generator, **kwargs):
    """A postprocessing hook, after drf-spectacular's `postprocess_schema_enums`: a search body's choice filter
    refers to the enum component with the same values (the register's own `StatusEnum`), or lists its values
    when none has them. (Left to drf-spectacular's hook, a filter's and a field's enums of the same name in two
    components of one register were a naming collision.)"""
    schemas = result.get("components", {}).get("schemas", {})
    enums = {}
    for name in sorted(schemas):
        if "enum" in schemas[name] and "properties" not in schemas[name]:
            enums.setdefault(frozenset(schemas[name]["enum"]) - {"", None}, name)
    for schema in schemas.values():
        for prop_name, prop in schema.get("properties", {}).items():
            target = prop.get("items", {}) if prop.get("type") == "array" else prop
            if SEARCH_ENUM not in target:
                continue
            values = target.pop(SEARCH_ENUM)
            name = enums.get(frozenset(values)) if "" not in values and None not in values else None
            if name is None:
                target["enum"] = values
                continue
            ref = {"$ref": f"#/components/schemas/{name}"}
            if target is prop:
                schema["properties"][prop_name] = safe_ref({**ref, **{k: v for k, v in prop.items() if k != "type"}})
            else:
                prop["items"] = ref
    return result


def _is_integer(model_field) -> bool:
    return isinstance(model_field, models.IntegerField | models.AutoField)


def _set_integer_bounds(schema: dict, bounds: tuple[int | None, int | None]) -> None:
    for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        schema.pop(key, None)
    low, high = bounds
    if low is not None:
        schema["minimum"] = low
    if high is not None:
        schema["maximum"] = high
    if any(value is not None and not INT32[0] <= value <= INT32[1] for value in bounds):
        schema["format"] = "int64"
    elif schema.get("format") == "int64":
        del schema["format"]


class AutoSchema(SpectacularAutoSchema):
    """`REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]`: see the module's docstring."""

    # --- search/ ----------------------------------------------------------------------------------------------------

    def _is_search(self) -> bool:
        return getattr(self.view, "action", None) == SEARCH_ACTION and self.method == "POST"

    def _is_list_view(self, serializer=None) -> bool:
        if self._is_search() and not isinstance(serializer, dict):
            return True  # answers the list's page, as `list` does
        return super()._is_list_view(serializer)

    def get_filter_backends(self):
        if self._is_search():
            return []  # the filters arrive in the body, not in the query string
        return super().get_filter_backends()

    def get_request_serializer(self):
        if self._is_search():  # a media type → schema mapping is taken as it stands
            schema = self._search_request_component().ref
            return {media_type: schema for media_type in self.map_parsers()}
        return super().get_request_serializer()

    def _search_request_component(self) -> ResolvedComponent:
        """`<Register>SearchRequest`: an object of the register's filters, each optional, as the filterset reads
        them from a JSON body (a multiple choice: a list of values)."""
        properties = {}
        filtersets = []
        model = get_view_model(self.view)
        for backend in getattr(self.view, "filter_backends", []) if model is not None else ():
            extension = OpenApiFilterExtension.get_match(backend())
            if extension is None:
                continue
            filterset = backend().get_filterset_class(self.view, get_manager(model).none())
            filtersets.append(filterset)
            for parameter in extension.get_schema_operation_parameters(self):
                schema = copy.deepcopy(parameter["schema"])
                target = schema["items"] if schema.get("type") == "array" else schema
                if "enum" in target:  # named by `postprocess_search_enums`, after drf-spectacular's enum hook
                    target[SEARCH_ENUM] = target.pop("enum")
                if schema.get("type") == "array" and parameter.get("explode") is False:
                    # a CSV filter reads one comma-separated string, from a body as from a query string
                    schema = {**build_basic_type(OpenApiTypes.STR), "description": "Comma-separated values."}  # type: ignore[dict-item]
                if parameter.get("description"):
                    schema["description"] = parameter["description"]
                properties[parameter["name"]] = schema
        name = f"{self._get_serializer_name(force_instance(self._get_serializer()), 'response')}SearchRequest"
        component = ResolvedComponent(
            name=name,
            type=ResolvedComponent.SCHEMA,
            object=tuple(filtersets) or type(self.view),
            schema=build_object_type(
                properties=properties,
                description="The list's filters, all optional; an empty object lists every record in scope.",
            ),
        )
        if component in self.registry and self.registry[component].object != component.object:
            warn(f'search body "{name}" is used by two different filtersets; give one serializer another name')
        self.registry.register_on_missing(component)
        return component

    # --- nullable fields --------------------------------------------------------------------------------------------

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        answers = direction == "response" or field.read_only
        if answers and not getattr(field, "allow_null", False) and answers_null(field):
            field = copy.copy(field)  # shallow: this instance only, for this mapping
            field.allow_null = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    # --- integer bounds ---------------------------------------------------------------------------------------------

    def _built_integer_model_field(self, field):
        """The integer model field a ModelSerializer built this serializer field from (whose `max_value` and
        `min_value` then came from the connection); None for declared fields, whose bounds are their own."""
        parent = getattr(field, "parent", None)
        if not isinstance(field, serializers.IntegerField) or not isinstance(parent, serializers.ModelSerializer):
            return None
        if field.field_name in getattr(parent, "_declared_fields", {}):
            return None
        model_field = model_field_of(field)
        return model_field if _is_integer(model_field) else None

    def _engine_independent_bounds(self, field):
        model_field = self._built_integer_model_field(field)
        if model_field is None:
            return None
        low, high = integer_bounds(model_field)
        extra = getattr(getattr(field.parent, "Meta", None), "extra_kwargs", {}).get(field.field_name, {})
        if extra.get("min_value") is not None:
            low = extra["min_value"] if low is None else max(low, extra["min_value"])
        if extra.get("max_value") is not None:
            high = extra["max_value"] if high is None else min(high, extra["max_value"])
        return low, high

    def _insert_min_max(self, field, content):
        bounds = self._engine_independent_bounds(field)
        if bounds is None:
            super()._insert_min_max(field, content)
        else:
            _set_integer_bounds(content, bounds)

    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        bounds = self._engine_independent_bounds(field)
        if bounds is not None and schema.get("type") == "integer":
            _set_integer_bounds(schema, bounds)  # the field's validators hold the connection's bounds too

    def _map_model_field(self, model_field, direction):
        schema = super()._map_model_field(model_field, direction)
        if _is_integer(model_field) and isinstance(schema, dict) and schema.get("type") == "integer":
            _set_integer_bounds(schema, integer_bounds(model_field))
        return schema

    # --- error responses --------------------------------------------------------------------------------------------

    def _error_codes(self, operation: dict) -> list[str]:
        codes = []
        takes_input = self.method in ("POST", "PUT", "PATCH") or "requestBody" in operation
        if takes_input or any(parameter.get("in") == "query" for parameter in operation.get("parameters", [])):
            codes.append("400")  # an invalid body, or filters, page or page size that the list refuses
        if not all(isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            codes += ["401", "403"]
        if "{" in self.path or self._is_list_view():
            codes.append("404")  # no such record in scope, or no such page of the list
        if self.method in ("POST", "PUT", "PATCH", "DELETE") and not self._is_search():
            codes.append("409")  # a write: integrity, a record still referred to, an illegal step
        if self.view.get_throttles():
            codes.append("429")
        return codes

    def _error_response(self, code: str) -> dict:
        name, description, schema_name = ERROR_RESPONSES[code]
        for component_name in {schema_name, "Error", "ValidationError"} if code == "400" else {schema_name}:
            self.registry.register_on_missing(
                ResolvedComponent(
                    name=component_name,
                    type=ResolvedComponent.SCHEMA,
                    object=component_name,
                    schema=SCHEMA_COMPONENTS[component_name],
                )
            )
        response = {
            "description": description,
            "content": {
                media_type: {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}
                for media_type in self.map_renderers("media_type")
            },
        }
        if code == "429":
            response["headers"] = {
                "Retry-After": {"schema": build_basic_type(OpenApiTypes.INT), "description": "Seconds to wait."}
            }
        component = ResolvedComponent(name=name, type=ResolvedComponent.RESPONSE, object=name, schema=response)
        self.registry.register_on_missing(component)
        return component.ref

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for code in self._error_codes(operation):
            if code not in responses:  # what a view documents itself stands
                responses[code] = self._error_response(code)
        operation["responses"] = dict(sorted(responses.items()))
        return operation
