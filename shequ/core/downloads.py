"""Stored files served to those who may see them: a row that names a file the storage no longer holds (a restore
without the media folder, a file removed by hand) is a 404, never a 500 (issue #12: never a 500)."""

from django.http import FileResponse, Http404

__all__ = ["open_stored", "stored_file_response"]


def open_stored(field_file):
    """The stored file opened for reading, or 404 when it is gone."""
    if not field_file:
        raise Http404
    try:
        return field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None


def stored_file_response(field_file, **kwargs) -> FileResponse:
    return FileResponse(open_stored(field_file), **kwargs)
