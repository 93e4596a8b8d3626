"""Compiled templates shared by every app in the process.

Compiling the templates (the NHS.UK macros above all) is most of the cost of an
app's first render. Production builds one app, but tests and tools build many,
each with a fresh Jinja environment that would compile everything again. Jinja
keys each entry by template name and file and checks the source's checksum on
load, so an edited template is compiled afresh. Every app is built by
:func:`microsite.create_app` with the same Jinja options, so their code is
interchangeable.
"""

from __future__ import annotations

from jinja2.bccache import Bucket, BytecodeCache


class MemoryBytecodeCache(BytecodeCache):
    """Jinja's bytecode cache, kept in memory for the life of the process."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


TEMPLATES = MemoryBytecodeCache()
