from tests.urlmap import OBJECT_URLS, patterns_with_args


def test_every_url_pattern_is_mapped():
    unmapped = [name for name, _ in patterns_with_args() if name not in OBJECT_URLS]
    assert not unmapped, f"add these URL names to tests/urlmap.py OBJECT_URLS: {unmapped}"
