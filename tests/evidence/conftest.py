import pytest
from django.core.files.base import ContentFile


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Each test stores its blobs in its own directory, so bytes on disk can be checked."""
    root = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }
    return root


def upload(name, data):
    return ContentFile(data, name=name)
