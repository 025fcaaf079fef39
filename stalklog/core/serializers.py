"""JSON lines that keep datetimes to the microsecond, for backups.

Django's JSON encoder cuts datetimes to milliseconds, which would change every hash in the
access-event chain (it covers `at` to the microsecond) and so make a restored log fail
`verify_log`. Otherwise this is Django's own `jsonl` format, streamed line by line.
"""

import datetime

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder


Deserializer = jsonl.Deserializer
