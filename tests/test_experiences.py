"""Shared experiences: ideas, the planner for both people, memories and their photos."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.conftest import PASSWORD, ApiClient, client_for, page_text
from toward.accounts import services as accounts
from toward.core.errors import Conflict, ServiceError
from toward.experiences import services
from toward.experiences.models import Memory, Plan
from toward.spaces import services as spaces

pytestmark = pytest.mark.django_db


def _ahead(days: int, clock: str) -> str:
    return f"{(datetime.now(UTC) + timedelta(days=days)).date().isoformat()}T{clock}"


SOON = _ahead(30, "18:30")
LATER = _ahead(37, "11:00")


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """Photos go to a folder of this test's own, so we can see exactly what was kept."""
    folder = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "photos": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder), "base_url": None},
        },
    }
    return folder


def kept_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def jpeg(size=(40, 20), exif=None, colour=(200, 120, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", **({"exif": exif} if exif else {}))
    return out.getvalue()


def _noisy_jpeg() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((200, 200), 80).convert("RGB").save(out, "JPEG")
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims huge dimensions: an image bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x0110] = "Secret Camera 3000"  # model
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (51.0, 30.0, 12.5)
    gps[3], gps[4] = "W", (0.0, 7.0, 39.0)
    return exif


# --- ideas ------------------------------------------------------------------------------------


def test_there_are_ideas_for_every_kind_of_pair_and_they_filter(pair, mallory):
    for kind in ("romantic", "friendship", "family"):
        assert len(services.ideas(kind)) >= 20
    assert len(services.ideas("romantic")) >= 40
    free_home = services.ideas("romantic", cost="free", place="home")
    assert free_home and all(i.cost == "free" and i.place == "home" for i in free_home)
    page = page_text(
        client_for(pair[0].user).get(f"/spaces/{pair[0].space_id}/ideas/?cost=splurge")
    )
    assert "A treat" in page and "Dance in the kitchen" not in page
    response = ApiClient(pair[0].user).get(f"/spaces/{pair[0].space_id}/ideas?place=apart")
    assert response.status_code == 200 and {i["place"] for i in response.json()} == {"apart"}
    bad = ApiClient(pair[0].user).get(f"/spaces/{pair[0].space_id}/ideas?cost=lots")
    assert bad.status_code == 422


# --- the planner ------------------------------------------------------------------------------


@pytest.mark.parametrize("proposer_index", [0, 1])
def test_propose_and_the_other_accepts(pair, proposer_index):
    proposer, other = pair[proposer_index], pair[1 - proposer_index]
    plan = services.propose(proposer, idea_id="sunrise-walk", when=SOON)
    assert plan.title == "Watch a sunrise" and plan.awaiting_id == other.user_id
    with pytest.raises(Conflict):
        services.accept(proposer, plan)  # not your own proposal
    other_page = page_text(client_for(other.user).get(f"/spaces/{plan.space_id}/plans/{plan.id}/"))
    assert "Does this time suit you?" in other_page
    response = client_for(other.user).post(
        f"/spaces/{plan.space_id}/plans/{plan.id}/", {"action": "accept"}
    )
    assert response.status_code == 302
    proposer_page = page_text(
        client_for(proposer.user).get(f"/spaces/{plan.space_id}/plans/{plan.id}/")
    )
    assert "It's settled." in proposer_page
    space_page = page_text(client_for(proposer.user).get(f"/spaces/{plan.space_id}/"))
    assert "Next: <strong>Watch a sunrise</strong>" in space_page


@pytest.mark.parametrize("proposer_index", [0, 1])
def test_another_time_goes_back_and_forth(pair, proposer_index):
    proposer, other = pair[proposer_index], pair[1 - proposer_index]
    api_proposer, api_other = ApiClient(proposer.user), ApiClient(other.user)
    base = f"/spaces/{proposer.space_id}/plans"
    created = api_proposer.post(base, {"title": "Pottery class", "when": SOON})
    assert created.status_code == 201 and created.json()["your_turn"] is False
    plan_id = created.json()["id"]
    assert api_other.get(base).json()[0]["your_turn"] is True
    moved = api_other.post(f"{base}/{plan_id}/another-time", {"when": LATER})
    assert moved.status_code == 200 and moved.json()["your_turn"] is False
    assert api_other.post(f"{base}/{plan_id}/accept").status_code == 409
    mine = api_proposer.get(base).json()[0]
    assert mine["your_turn"] is True and mine["starts_at"].startswith(LATER[:10])
    accepted = api_proposer.post(f"{base}/{plan_id}/accept")
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"


def test_the_other_person_hears_about_it_in_neutral_words(pair):
    from django.apps import apps

    if not apps.is_installed("toward.nudges"):
        pytest.skip("the nudges app is not installed in this build")
    from toward.nudges import services as nudges

    alice_m, bob_m = pair
    plan = services.propose(alice_m, title="bob-surprise-picnic-77", when=SOON)
    services.suggest_another_time(bob_m, plan, LATER)
    services.accept(alice_m, plan)
    bob_titles = [n.title for n in nudges.notices_for(bob_m.user)]
    alice_titles = [n.title for n in nudges.notices_for(alice_m.user)]
    assert bob_titles and alice_titles
    assert not any("picnic" in t for t in bob_titles + alice_titles)


def test_either_can_set_a_plan_aside_and_nothing_counts_it(pair):
    alice_m, bob_m = pair
    plan = services.propose(alice_m, title="Picnic", when=SOON)
    response = client_for(bob_m.user).post(
        f"/spaces/{plan.space_id}/plans/{plan.id}/", {"action": "cancel"}
    )
    assert response.status_code == 302
    assert services.plans_for(alice_m) == []
    alice_page = page_text(client_for(alice_m.user).get(f"/spaces/{plan.space_id}/plans/"))
    assert "Picnic" not in alice_page and "declined" not in alice_page.lower()
    gone = client_for(alice_m.user).get(f"/spaces/{plan.space_id}/plans/{plan.id}/")
    assert gone.status_code == 404


def test_a_plan_needs_a_time_ahead_and_the_form_keeps_what_was_typed(pair):
    client = client_for(pair[0].user)
    url = f"/spaces/{pair[0].space_id}/plans/"
    response = client.post(url, {"title": "Kite flying", "when": "2001-01-01T10:00"})
    assert response.status_code == 400
    page = page_text(response)
    assert "already passed" in page and 'value="Kite flying"' in page
    assert not Plan.objects.exists()
    with pytest.raises(ServiceError):
        services.propose(pair[0], title="", when=SOON)


# --- memories and photos ----------------------------------------------------------------------


def test_a_photo_loses_its_exif_and_is_turned_upright(pair, media):
    alice_m, bob_m = pair
    original = jpeg(size=(40, 20), exif=with_gps())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test photo has GPS
    response = client_for(alice_m.user).post(
        f"/spaces/{alice_m.space_id}/memories/",
        {
            "title": "Sunrise",
            "happened_on": "2026-03-01",
            "photo": SimpleUploadedFile("IMG_1.jpg", original, "image/jpeg"),
        },
    )
    assert response.status_code == 302
    memory = Memory.objects.get()
    photo = client_for(bob_m.user).get(f"/spaces/{alice_m.space_id}/memories/{memory.id}/photo/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    assert "no-store" in photo["Cache-Control"]
    data = b"".join(photo.streaming_content)
    stored = Image.open(io.BytesIO(data))
    assert dict(stored.getexif()) == {} and b"Exif" not in data and b"Secret Camera" not in data
    assert stored.size == (20, 40)  # orientation applied
    assert (memory.photo_width, memory.photo_height) == (20, 40)
    assert len(kept_files(media)) == 1


BAD_PHOTOS = [
    ("30 MB", lambda: b"\xff\xd8\xff" + b"\x00" * (30 * 1024 * 1024), "photo_too_large"),
    ("text named .jpg", lambda: b"I am not a photo, only words.\n" * 40, "not_a_photo"),
    ("image bomb", lambda: png_claiming(50_000, 50_000), "photo_too_many_pixels"),
    ("just over the pixel limit", lambda: png_claiming(8000, 5001), "photo_too_many_pixels"),
    ("a truncated JPEG", lambda: _noisy_jpeg()[:4000], "photo_damaged"),
]


@pytest.mark.parametrize(("label", "make", "code"), BAD_PHOTOS, ids=[b[0] for b in BAD_PHOTOS])
def test_bad_photos_are_refused_and_nothing_is_kept(pair, media, label, make, code):
    alice_m = pair[0]
    data = make()
    response = client_for(alice_m.user).post(
        f"/spaces/{alice_m.space_id}/memories/",
        {
            "title": "Our walk",
            "happened_on": "2026-03-01",
            "photo": SimpleUploadedFile("photo.jpg", data, "image/jpeg"),
        },
    )
    assert response.status_code == 400, label
    page = page_text(response)
    assert "Nothing was saved" in page and 'value="Our walk"' in page
    api = ApiClient(alice_m.user)
    answer = api.client.post(
        f"/api/v1/spaces/{alice_m.space_id}/memories",
        {"title": "Our walk", "happened_on": "2026-03-01", "photo": io.BytesIO(data)},
        **api.headers,
    )
    assert answer.status_code == 400 and answer.json()["error"]["code"] == code
    assert answer.json()["error"]["fields"]["photo"]
    assert not Memory.objects.exists()
    assert kept_files(media) == []


class _Unread(io.BytesIO):
    """A request body that records whether anyone read it."""

    touched = False

    def read(self, *args):
        type(self).touched = True
        return super().read(*args)

    def readline(self, *args):
        type(self).touched = True
        return super().readline(*args)


@pytest.mark.parametrize("api_call", [False, True], ids=["page", "api"])
def test_a_huge_upload_is_refused_before_it_is_read(pair, media, api_call):
    """A body declared at 2 GB is refused at once with a kind 413, without reading it, so it
    cannot fill the disk; a photo merely over the limit still gets its form error (above)."""
    from django.test import Client

    alice_m = pair[0]
    _Unread.touched = False
    client = ApiClient(alice_m.user) if api_call else None
    path = (
        f"/api/v1/spaces/{alice_m.space_id}/memories"
        if api_call
        else f"/spaces/{alice_m.space_id}/memories/"
    )
    headers = client.headers if api_call else {}
    web = client.client if api_call else client_for(alice_m.user)
    assert isinstance(web, Client)
    response = web.generic(
        "POST",
        path,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(2 * 1024**3),
        **{"wsgi.input": _Unread(b"--x\r\n")},
        **headers,
    )
    assert response.status_code == 413
    if api_call:
        assert response.json()["error"]["code"] == "too_large"
    else:
        assert "far larger than a photo may be" in page_text(response)
    assert not _Unread.touched
    assert not Memory.objects.exists() and kept_files(media) == []


def test_memories_through_the_api_with_a_photo(pair, media, django_capture_on_commit_callbacks):
    alice_m, bob_m = pair
    api = ApiClient(alice_m.user)
    created = api.client.post(
        f"/api/v1/spaces/{alice_m.space_id}/memories",
        {
            "title": "Dumplings",
            "happened_on": "2026-03-01",
            "photo": SimpleUploadedFile("d.png", _png(), "image/png"),
        },
        **api.headers,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["photo_type"] == "image/png" and body["photo_url"]
    seen = ApiClient(bob_m.user).get(f"/spaces/{alice_m.space_id}/memories").json()
    assert [m["title"] for m in seen] == ["Dumplings"] and seen[0]["mine"] is False
    photo = ApiClient(bob_m.user).client.get(body["photo_url"], **ApiClient(bob_m.user).headers)
    assert photo.status_code == 200
    refused = ApiClient(bob_m.user).delete(f"/spaces/{alice_m.space_id}/memories/{body['id']}")
    assert refused.status_code == 400  # only the person who added it
    with django_capture_on_commit_callbacks(execute=True):
        gone = api.delete(f"/spaces/{alice_m.space_id}/memories/{body['id']}")
    assert gone.status_code == 200 and kept_files(media) == []


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (12, 12), (10, 200, 100, 128)).save(out, "PNG")
    return out.getvalue()


def test_a_memory_cannot_be_in_the_future(pair):
    tomorrow_plus = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
    with pytest.raises(ServiceError) as caught:
        services.add_memory(pair[0], title="Soon", happened_on=tomorrow_plus)
    assert caught.value.code == "future_date"


def test_leaving_and_erasing_take_the_photos_with_them(
    pair, media, django_capture_on_commit_callbacks
):
    alice_m, bob_m = pair
    photo = SimpleUploadedFile("a.jpg", jpeg(), "image/jpeg")
    services.add_memory(alice_m, title="Alice's", happened_on="2026-03-01", photo=photo)
    photo = SimpleUploadedFile("b.jpg", jpeg(), "image/jpeg")
    services.add_memory(bob_m, title="Bob's", happened_on="2026-03-02", photo=photo)
    services.propose(bob_m, title="Bob's idea", when=SOON)
    assert len(kept_files(media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        spaces.leave_space(bob_m)
    assert list(Memory.objects.values_list("title", flat=True)) == ["Alice's"]
    assert len(kept_files(media)) == 1 and not Plan.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        accounts.erase_account(alice_m.user, PASSWORD)
    assert not Memory.objects.exists() and kept_files(media) == []


def test_export_has_memory_metadata(pair, media):
    alice_m, bob_m = pair
    photo = SimpleUploadedFile("a.jpg", jpeg(), "image/jpeg")
    services.add_memory(bob_m, title="Lake", happened_on="2026-03-01", photo=photo)
    exported = services.export_for(alice_m.user)
    [memory] = exported["memories"]
    assert memory["mine"] is False and memory["photo"]["type"] == "image/jpeg"
    assert memory["photo"]["width"] == 40
