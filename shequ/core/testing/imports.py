"""The web import as a clerk goes through it in tests: upload, the mapping step (issue #19), the job."""

from pathlib import Path

__all__ = ["confirm_mapping", "import_through_pages", "upload"]


def upload(client, kind: str, path: Path, *, dry_run: bool):
    """Post a file on the register's import page; the response leads to the mapping step (or to the job of a file
    that cannot be read at all)."""
    with Path(path).open("rb") as handle:
        return client.post(f"/imports/{kind}/", {"file": handle, "dry_run": "on" if dry_run else ""})


def confirm_mapping(client, mapping_url: str, changes: dict[str, str] | None = None, profile_name: str = "", **kwargs):
    """Accept the proposed mapping shown at `mapping_url`, with `changes` (file header → field header, "" for not
    imported); returns the response to the post."""
    page = client.get(mapping_url)
    form = page.context["form"]
    data = {"sheet": page.context["preview"].sheet, "profile_name": profile_name}
    for index, header in enumerate(form.headers):
        name = f"column_{index}"
        data[name] = (changes or {}).get(header, form.fields[name].initial)
    return client.post(mapping_url, data, **kwargs)


def import_through_pages(client, kind: str, path: Path, *, dry_run: bool, follow: bool = False):
    """Upload and confirm the proposed mapping: the response leads to (or, with `follow`, is) the job page."""
    response = upload(client, kind, path, dry_run=dry_run)
    if "/mapping/" not in response["Location"]:
        return client.get(response["Location"]) if follow else response
    return confirm_mapping(client, response["Location"], follow=follow)
