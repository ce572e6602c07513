"""A bounded schemathesis run over every API operation, as two roles: no answer may be a 5xx (issue #12).

Not part of `make test`: CI runs it as its own stage (`make fuzz`). Every operation of the OpenAPI schema is called
with `SHEQU_FUZZ_EXAMPLES` generated requests (default 8) as a community clerk and as the city administrator, on a
small real jurisdiction with a few records to point at. Generation is derandomised, so a failure reproduces.
"""

import logging
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings

ROLES = ("community", "city")
EXAMPLES = int(os.environ.get("SHEQU_FUZZ_EXAMPLES", "8"))


@pytest.fixture
def tokens(db):
    from shequ.accounts.models import ApiToken
    from shequ.core.testing.fixtures import build_tree
    from shequ.people.testing import make_household, make_resident

    tree = build_tree()
    for key in ("C1", "C4"):
        household = make_household(tree[key])
        make_resident(tree[key], "林秀英", household=household, phone="13912345678")
    raw = {}
    for role in ROLES:
        raw[role] = f"fuzz-token-{role}"
        ApiToken.objects.create(user=tree.users[role], name="fuzz", digest=ApiToken.digest_of(raw[role]))
    return raw


def _calls(operation, role: str, token: str, failures: list[str]):
    """The generated calls of one operation as one role; a 5xx is collected, not raised, to report them all."""

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def call(case):
        response = case.call(headers={"Authorization": f"Token {token}"})
        if response.status_code >= 500:
            failures.append(
                f"{role} {operation.method.upper()} {operation.path}: {response.status_code} "
                f"query={case.query} body={str(case.body)[:200]}"
            )

    return call


def test_no_operation_answers_a_server_error(tokens, settings):
    from shequ.wsgi import application

    settings.ALLOWED_HOSTS = ["*"]
    # Thousands of expected 4xx answers would each log a warning; server errors still log.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for role in ROLES:
            _calls(operation, role, tokens[role], failures)()
    print(f"{operations} operations, {len(ROLES)} roles, {EXAMPLES} examples each")
    assert operations > 100
    assert failures == [], "\n".join(failures[:50])
