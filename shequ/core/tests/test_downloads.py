"""A row naming a stored file the storage no longer holds is answered 404, not 500 (`core.downloads`)."""

import tempfile

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.test import SimpleTestCase

from shequ.core.downloads import open_stored, stored_file_response


class _Field:
    storage = FileSystemStorage(location=tempfile.mkdtemp(prefix="shequ-downloads-"))


class StoredFileTests(SimpleTestCase):
    def field_file(self, name):
        return FieldFile(None, _Field(), name)

    def test_a_stored_file_is_served(self):
        name = _Field.storage.save("report.pdf", ContentFile(b"%PDF-1.4"))
        response = stored_file_response(self.field_file(name), content_type="application/pdf")
        self.assertEqual((response.status_code, b"".join(response.streaming_content)), (200, b"%PDF-1.4"))

    def test_a_file_gone_or_never_there_is_a_404(self):
        name = _Field.storage.save("photo.jpg", ContentFile(b"jpeg"))
        _Field.storage.delete(name)
        with self.assertRaises(Http404):
            open_stored(self.field_file(name))
        with self.assertRaises(Http404):
            open_stored(self.field_file(""))
