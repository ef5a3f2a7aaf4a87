"""Article entries: every accepted layout parses; every bad one is refused with a reason to act on."""

from __future__ import annotations

import json

import pytest
from faststream.redis.parser import BinaryMessageFormatV1
from redis.crc import key_slot

from services.common.errors import PoisonMessageError
from services.common.streams import error_key, partition_for, partition_names, seen_key
from services.detector.redis_claims import bucket_keys
from services.extractor.handlers import parse_article

LIMIT = 10_000
ARTICLE = {"id": "wire-17", "source": "Wire", "title": "Talks", "body": "The minister said talks may resume."}


def encode(fields: dict[str, str | bytes]) -> dict[bytes, bytes]:
    return {k.encode(): v if isinstance(v, bytes) else v.encode() for k, v in fields.items()}


def test_flat_fields_as_redis_cli_writes_them() -> None:
    article = parse_article(encode({**ARTICLE, "published_at": "2024-11-20T10:00:00Z"}), LIMIT)
    assert (article.id, article.source, article.title) == ("wire-17", "Wire", "Talks")
    assert article.published_at is not None and article.published_at.year == 2024


@pytest.mark.parametrize("field", ["data", "article"])
def test_one_json_field(field: str) -> None:
    assert parse_article(encode({field: json.dumps(ARTICLE)}), LIMIT).id == "wire-17"


async def test_faststream_envelope() -> None:
    envelope = await BinaryMessageFormatV1.encode(
        message=ARTICLE, reply_to=None, headers=None, correlation_id="c-1"
    )
    assert parse_article({b"__data__": envelope}, LIMIT).body == ARTICLE["body"]


@pytest.mark.parametrize(
    ("fields", "code", "words"),
    [
        ({"data": "{not json"}, "invalid_json", "not valid JSON"),
        ({"data": "[1, 2]"}, "invalid_json", "not an object"),
        ({"id": "a", "source": "s", "title": "t"}, "invalid_article", "'body': Field required"),
        ({**ARTICLE, "published_at": "last Tuesday"}, "invalid_article", "'published_at'"),
        ({"data": json.dumps({**ARTICLE, "id": 17})}, "invalid_article", "'id'"),
        ({"data": json.dumps({**ARTICLE, "body": "   "})}, "invalid_article", "empty"),
        ({**ARTICLE, "color": "red"}, "invalid_article", "'color'"),
        ({**ARTICLE, "body": "x" * (LIMIT + 1)}, "body_too_large", "limit is 10000"),
        ({**ARTICLE, "body": "y" * (LIMIT + 70_000)}, "body_too_large", "at most 10000"),
        ({**ARTICLE, "body": b"\x89PNG\r\n\x1a\n\x00\x00binary"}, "binary_payload", "'body'"),
        ({**ARTICLE, "body": b"caf\xe9 latin-1"}, "binary_payload", "not UTF-8"),
        ({}, "empty_entry", "no fields"),
    ],
)
def test_bad_entries_are_refused_with_a_reason(fields: dict[str, str | bytes], code: str, words: str) -> None:
    with pytest.raises(PoisonMessageError) as caught:
        parse_article(encode(fields), LIMIT)
    assert caught.value.code == code
    assert words in caught.value.reason


def test_partitions_are_stable_and_companion_keys_share_the_stream_slot() -> None:
    assert partition_names("cw:articles", 1) == ["cw:articles"]
    assert partition_names("cw:articles", 3) == ["cw:articles:0", "cw:articles:1", "cw:articles:2"]
    chosen = {partition_for("cw:claims", 3, f"claim-{n}") for n in range(50)}
    assert chosen == {"cw:claims:0", "cw:claims:1", "cw:claims:2"}
    assert partition_for("cw:claims", 3, "claim-7") == partition_for("cw:claims", 3, "claim-7")
    # Keys one script touches must share a cluster slot: the dedupe key with its stream, a bucket's two keys.
    for stream in ("cw:claims:2", "claimwatch:alerts", "claimwatch:dlq"):
        assert key_slot(seen_key(stream, "abc").encode()) == key_slot(stream.encode())
        assert key_slot(error_key(stream, "1-0").encode()) == key_slot(stream.encode())
    order, claims = bucket_keys("cw", "condition:withdrawal:{kursk}")
    assert key_slot(order.encode()) == key_slot(claims.encode())
