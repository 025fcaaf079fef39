from django.core.files.base import ContentFile


def upload(name, data):
    return ContentFile(data, name=name)
