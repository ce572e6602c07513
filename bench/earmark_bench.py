"""An earmark's balance under ten million entries (issue #15 item 6, FIN-3), each figure beside the raw query of the
same run.

    SHEQU_DEBUG=false .venv/bin/python bench/earmark_bench.py [ENTRIES] [--reuse]

Builds `shequ_earmark` on PostgreSQL (Xiamen's NBS divisions) with one street ledger — a bank account, the earmark,
a source and a line of expenditure — and generates ENTRIES entries (default 10,000,000) inside PostgreSQL
(`INSERT … SELECT generate_series`): allocations of 100.00 into the earmark and disbursements of 50.00 from it,
alternating, two postings each (20 million postings), the stored balances set to the postings' sums. Measures, as
the street's staff:

- **balance** — the earmark's balance as the application reads it (`Account.objects.restrict(user).get(pk)`:
  the jurisdiction filter, the fail-closed queryset, the model), 2,000 reads, p50/p95/max; beside the **raw**
  `SELECT balance FROM funding_account WHERE id = %s` on the same connection;
- **summed** — the same balance summed from the postings (what it would cost without a kept balance; what
  `check_ledgers` does for every account once), a few times;
- **disburse** — `services.disburse` (permission, locks, the overdraft check, entry, postings, balances, seal in one
  transaction), 300 times; beside the **raw** transaction (lock the two accounts, insert the entry and its two
  postings, update the two balances);
- **page** — the earmark's account page (the latest 50 postings), 50 requests through Django's test client; the
  ledger's entry list, its first page and a filtered third page, 20 requests each.
"""

import os
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shequ.settings")
from import_bench import database_url, fresh_database  # noqa: E402
from sqlgen import insert_columns  # noqa: E402

DATABASE = "shequ_earmark"
STREET = "350203001000"
CHUNK = 1_000_000


def timed(function, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return samples


def ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"p50 {statistics.median(ordered) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms, max {ordered[-1] * 1000:.2f} ms"


def build(count: int):
    """The ledger and `count` generated entries; returns the accounts."""
    from django.db import connection
    from django.utils import timezone

    from shequ.funding.choices import AccountKind, EntryKind, FundKind
    from shequ.funding.models import Account, Entry, Posting
    from shequ.regions.models import Division

    street = Division.objects.get(code=STREET)
    bank = Account.objects.create(division=street, name="厦港街道办事处基本户", kind=AccountKind.BANK)
    earmark = Account.objects.create(
        division=street, name="社区工作经费专户", kind=AccountKind.EARMARK, parent=bank, fund=FundKind.COMMUNITY_WORK
    )
    source = Account.objects.create(division=street, name="区财政拨款", kind=AccountKind.SOURCE)
    expense = Account.objects.create(division=street, name="社区办公支出", kind=AccountKind.EXPENSE)
    community = Division.objects.filter(parent=street, level="community").order_by("code").first()
    start = timezone.localdate().replace(year=timezone.localdate().year - 3, month=1, day=1)
    generated = {
        "created": "now()",
        "last_updated": "now()",
        "day": "%(start)s::date + (g / 10000)",  # 10,000 entries a day, in order
        "kind": f"CASE WHEN g %% 2 = 1 THEN '{EntryKind.ALLOCATION}' ELSE '{EntryKind.DISBURSEMENT}' END",
        "description": "CASE WHEN g %% 2 = 1 THEN '经费拨入' ELSE '社区日常工作支出' END",
        "community_id": "CASE WHEN g %% 2 = 0 THEN %(community)s::bigint END",
        "division_id": "%(street)s::bigint",
        "division_code": "%(code)s",
    }
    params = {"start": start, "community": community.pk, "street": street.pk, "code": street.code}
    columns, expressions = insert_columns(Entry, generated, params, connection)
    columns, expressions = ["id", *columns], ["g", *expressions]  # known ids: the postings refer to them
    with connection.cursor() as cursor:
        for first in range(0, count, CHUNK):
            params.update(first=first + 1, stop=min(count, first + CHUNK))
            cursor.execute(
                f"INSERT INTO funding_entry ({', '.join(columns)}) "
                f"SELECT {', '.join(expressions)} FROM generate_series(%(first)s, %(stop)s) AS g",
                params,
            )
            # Two postings per entry: allocation +100 earmark / -100 source; disbursement +50 expense / -50 earmark.
            cursor.execute(
                "INSERT INTO funding_posting (entry_id, account_id, amount) "
                "SELECT g, CASE WHEN g %% 2 = 1 THEN %(earmark)s ELSE %(expense)s END, "
                "CASE WHEN g %% 2 = 1 THEN 100.00 ELSE 50.00 END FROM generate_series(%(first)s, %(stop)s) AS g "
                "UNION ALL "
                "SELECT g, CASE WHEN g %% 2 = 1 THEN %(source)s ELSE %(earmark)s END, "
                "CASE WHEN g %% 2 = 1 THEN -100.00 ELSE -50.00 END FROM generate_series(%(first)s, %(stop)s) AS g",
                {**params, "earmark": earmark.pk, "expense": expense.pk, "source": source.pk},
            )
            print(f"  {params['stop']:,} entries", flush=True)
        cursor.execute("SELECT setval(pg_get_serial_sequence('funding_entry', 'id'), %s)", [count])
        cursor.execute(
            "UPDATE funding_account a SET balance = s.total FROM "
            "(SELECT account_id, sum(amount) AS total FROM funding_posting GROUP BY account_id) s "
            "WHERE a.id = s.account_id"
        )
        cursor.execute("VACUUM ANALYZE funding_entry")
        cursor.execute("VACUUM ANALYZE funding_posting")
        cursor.execute("VACUUM ANALYZE funding_account")
    assert Posting.objects.count() == 2 * count
    return earmark, expense


def main(count: int, reuse: bool) -> None:
    os.environ["SHEQU_DATABASE_URL"] = (
        database_url("postgres", DATABASE) if reuse else fresh_database("postgres", DATABASE)
    )
    if reuse:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import setup_test_environment

    from shequ.accounts.models import User
    from shequ.funding import services
    from shequ.funding.choices import AccountKind
    from shequ.funding.models import Account

    if reuse:
        earmark = Account.objects.unscoped("bench").get(kind=AccountKind.EARMARK, division__code=STREET)
        expense = Account.objects.unscoped("bench").get(kind=AccountKind.EXPENSE, division__code=STREET)
    else:
        started = time.perf_counter()
        earmark, expense = build(count)
        print(f"{count:,} entries ({2 * count:,} postings) generated in {time.perf_counter() - started:.0f} s")
    user = User.objects.get(username="bench")
    User.objects.filter(pk=user.pk).update(must_change_password=False)  # `grant` makes one; a bench has no one to ask
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('funding_posting'))")
        print(f"funding_posting with its indexes: {cursor.fetchone()[0]}")

    def balance():
        return Account.objects.restrict(user, "view").get(pk=earmark.pk).balance

    def raw_balance():
        with connection.cursor() as cursor:
            cursor.execute("SELECT balance FROM funding_account WHERE id = %s", [earmark.pk])
            return cursor.fetchone()[0]

    assert balance() == raw_balance()
    timed(balance, 200), timed(raw_balance, 200)  # warm
    print(f"earmark balance {balance()} yuan")
    print(f"balance as the application reads it: {ms(timed(balance, 2000))}")
    print(f"raw SELECT balance:                  {ms(timed(raw_balance, 2000))}")

    def summed():
        with connection.cursor() as cursor:
            cursor.execute("SELECT sum(amount) FROM funding_posting WHERE account_id = %s", [earmark.pk])
            return cursor.fetchone()[0]

    assert summed() == balance()
    print(f"the same balance summed from its postings: {ms(timed(summed, 5))}")

    def disburse():
        services.disburse(
            acting_user=user,
            earmark=earmark,
            expense=expense,
            amount=Decimal("12.34"),
            description="基准测试支出",
        )

    def raw_disburse():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, balance FROM funding_account WHERE id IN (%s, %s) ORDER BY id FOR UPDATE",
                [earmark.pk, expense.pk],
            )
            cursor.fetchall()
            cursor.execute(
                "INSERT INTO funding_entry (created, last_updated, division_id, division_code, day, "
                "kind, description, digest) SELECT now(), now(), division_id, division_code, current_date, "
                "'disbursement', '基准测试支出', '' FROM funding_account WHERE id = %s RETURNING id",
                [earmark.pk],
            )
            entry = cursor.fetchone()[0]
            cursor.execute(
                "INSERT INTO funding_posting (entry_id, account_id, amount) VALUES (%s, %s, 12.34), (%s, %s, -12.34)",
                [entry, expense.pk, entry, earmark.pk],
            )
            cursor.execute("UPDATE funding_account SET balance = balance + 12.34 WHERE id = %s", [expense.pk])
            cursor.execute("UPDATE funding_account SET balance = balance - 12.34 WHERE id = %s", [earmark.pk])

    timed(disburse, 20), timed(raw_disburse, 20)  # warm
    print(f"services.disburse: {ms(timed(disburse, 300))}")
    print(f"raw transaction:   {ms(timed(raw_disburse, 300))}")

    setup_test_environment()  # the test client's host
    client = Client()
    client.force_login(user)
    url = f"/funding/accounts/{earmark.pk}/"
    first = client.get(url)
    assert first.status_code == 200, (first.status_code, first.get("Location"))
    print(f"the earmark's page: {ms(timed(lambda: client.get(url), 50))}")
    assert client.get("/funding/entries/").status_code == 200
    print(f"the ledger's entry list (first page): {ms(timed(lambda: client.get('/funding/entries/'), 20))}")
    page = lambda: client.get("/funding/entries/", {"kind": "disbursement", "page": 3})  # noqa: E731
    assert page().status_code == 200
    print(f"the entry list, disbursements, page 3: {ms(timed(page, 20))}")


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(arguments[0]) if arguments else 10_000_000, "--reuse" in sys.argv)
