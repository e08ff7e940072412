"""Uploaded images are decoded and written anew: EXIF (GPS among it), comments and bytes hidden after the
image are gone, a damaged image is refused in Vietnamese, and a meeting's photo is stored as re-encoded."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile, PngImagePlugin
from PIL.ExifTags import GPS, IFD, Base

from giaoban.core.uploads import IMAGE_KINDS, check_upload

DAMAGED = "Tệp ảnh bị hỏng hoặc không đọc được."
HIDDEN = b"<script>alert('sau anh')</script>PK\x03\x04"
# 21°51'10" N, 106°45' E: Lạng Sơn, where the photo was taken; the uploader may not want it known.
LATITUDE = (21.0, 51.0, 10.0)
LONGITUDE = (106.0, 45.0, 0.0)


def picture(size: tuple[int, int] = (64, 48), mode: str = "RGB") -> Image.Image:
    """A small picture with some structure (a red backdrop, a yellow square), so it is not trivial."""
    image = Image.new(mode, size, (175, 28, 32) if mode == "RGB" else (175, 28, 32, 255))
    image.paste((250, 215, 60) if mode == "RGB" else (250, 215, 60, 128), (8, 8, 24, 24))
    return image


def camera_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[Base.Make] = "MayAnhBiMat"
    exif[Base.Orientation] = orientation
    exif[IFD.GPSInfo] = {
        GPS.GPSLatitudeRef: "N",
        GPS.GPSLatitude: LATITUDE,
        GPS.GPSLongitudeRef: "E",
        GPS.GPSLongitude: LONGITUDE,
    }
    return exif


def phone_jpeg(*, orientation: int = 1, size: tuple[int, int] = (64, 48)) -> bytes:
    """A JPEG as a phone writes it (EXIF with GPS, a comment, XMP), with bytes appended after its end."""
    out = io.BytesIO()
    picture(size).save(
        out,
        format="JPEG",
        exif=camera_exif(orientation),
        comment=b"BINH-LUAN-BI-MAT",
        xmp=b"<x:xmpmeta>XMP-BI-MAT</x:xmpmeta>",
    )
    data = out.getvalue() + HIDDEN
    with Image.open(io.BytesIO(data)) as image:  # the fixture really carries what must go
        assert image.getexif().get_ifd(IFD.GPSInfo)[GPS.GPSLatitude] == LATITUDE
        assert image.info["comment"] == b"BINH-LUAN-BI-MAT"
    return data


def png_with_extras() -> bytes:
    """A PNG with transparency, a text chunk, EXIF with GPS, and bytes appended after IEND."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "VAN-BAN-BI-MAT")
    out = io.BytesIO()
    picture(mode="RGBA").save(out, format="PNG", pnginfo=info, exif=camera_exif())
    data = out.getvalue()
    assert b"eXIf" in data and b"VAN-BAN-BI-MAT" in data
    return data + HIDDEN


def uploaded_bytes(name: str, data: bytes) -> bytes:
    checked = check_upload(SimpleUploadedFile(name, data, content_type="image/jpeg"), allowed=IMAGE_KINDS)
    checked.file.seek(0)
    return checked.file.read()


def assert_clean_jpeg(data: bytes, size: tuple[int, int] = (64, 48)) -> None:
    assert data.startswith(b"\xff\xd8\xff") and data.endswith(b"\xff\xd9"), "nothing after the image's end"
    for secret in (b"MayAnhBiMat", b"BINH-LUAN-BI-MAT", b"XMP-BI-MAT", b"<script>", b"Exif\x00\x00"):
        assert secret not in data, secret
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        assert (image.format, image.mode, image.size) == ("JPEG", "RGB", size)
        assert not image.getexif() and not image.getexif().get_ifd(IFD.GPSInfo)
        assert "comment" not in image.info and "xmp" not in image.info
        assert image.getpixel((16, 16))[0] > 200 and image.getpixel((40, 40))[0] < 200, "pixels kept"


def test_a_jpeg_loses_its_exif_gps_comment_and_trailing_bytes():
    original = phone_jpeg()
    checked = check_upload(SimpleUploadedFile("ảnh hội nghị.JPEG", original), allowed=IMAGE_KINDS)
    assert (checked.name, checked.content_type) == ("ảnh_hội_nghị.jpg", "image/jpeg")
    checked.file.seek(0)
    assert_clean_jpeg(checked.file.read())


def test_a_jpeg_is_turned_upright_by_its_orientation_before_the_exif_goes():
    """Orientation 6 (turn 90° clockwise to view): the stored pixels stand upright with no EXIF left."""
    data = uploaded_bytes("doc.jpg", phone_jpeg(orientation=6, size=(64, 48)))
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (48, 64)
        assert not image.getexif()


def test_a_png_loses_its_text_exif_and_appended_data_but_keeps_its_transparency():
    data = uploaded_bytes("logo.png", png_with_extras())
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert data.endswith(b"IEND\xaeB`\x82"), "nothing after IEND"
    for secret in (b"VAN-BAN-BI-MAT", b"MayAnhBiMat", b"eXIf", b"tEXt", b"<script>"):
        assert secret not in data, secret
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.mode, image.size) == ("PNG", "RGBA", (64, 48))
        assert image.getpixel((16, 16)) == (250, 215, 60, 128)
        assert image.getpixel((40, 40)) == (175, 28, 32, 255)


def test_a_palette_png_keeps_its_transparent_colour():
    image = Image.new("P", (16, 16), 1)
    image.putpalette([0, 0, 0, 175, 28, 32] * 128)
    out = io.BytesIO()
    image.save(out, format="PNG", transparency=1)
    with Image.open(io.BytesIO(uploaded_bytes("co.png", out.getvalue() + HIDDEN))) as clean:
        assert (clean.mode, clean.info.get("transparency")) == ("P", 1)


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    """A 20000×20000 PNG of a few bytes: Pillow refuses past twice Image.MAX_IMAGE_PIXELS, and says so."""
    header = struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0)
    bomb = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(b"\0" * 99))
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("bom.png", bomb + png_chunk(b"IEND", b"")), allowed=IMAGE_KINDS)
    assert refused.value.code == "image_too_large"
    assert refused.value.messages == ["Ảnh quá lớn; tối đa 40 triệu điểm ảnh."]
    assert isinstance(refused.value.__cause__, Image.DecompressionBombError)


def damaged_images() -> list[tuple[str, bytes]]:
    jpeg, png = io.BytesIO(), io.BytesIO()
    picture().save(jpeg, format="JPEG")
    picture().save(png, format="PNG")
    return [
        ("truncated.jpg", jpeg.getvalue()[: len(jpeg.getvalue()) // 2]),
        ("truncated.png", png.getvalue()[: len(png.getvalue()) - 30]),
        ("garbage.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8),
        ("garbage.png", b"\x89PNG\r\n\x1a\n" + b"<?php system($_GET['c']); ?>" * 20),
        ("header-only.png", png.getvalue()[:33]),
    ]


@pytest.mark.parametrize(("name", "data"), damaged_images(), ids=lambda value: str(value)[:16])
def test_a_damaged_image_with_a_valid_signature_is_refused_in_vietnamese(name, data):
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile(name, data), allowed=IMAGE_KINDS)
    assert refused.value.code == "image"
    assert refused.value.messages == [DAMAGED]


@pytest.mark.django_db
def test_a_meeting_photo_is_stored_re_encoded(world, settings, tmp_path):
    from giaoban.meetings import services
    from giaoban.meetings.models import MeetingFileKind
    from giaoban.meetings.tests.factories import make_meeting

    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = make_meeting(world)
    original = phone_jpeg()
    photo = services.meeting_file_add(
        actor=world.secretariat,
        meeting=meeting,
        kind=MeetingFileKind.PHOTO,
        upload=SimpleUploadedFile("IMG_2017.jpg", original, content_type="image/jpeg"),
        caption="Đồng chí Trưởng ban phát biểu chỉ đạo",
    )
    with default_storage.open(photo.file.name, "rb") as stored:
        data = stored.read()
    assert data != original
    assert_clean_jpeg(data)
    assert (photo.content_type, photo.size, photo.original_name) == ("image/jpeg", len(data), "IMG_2017.jpg")
    assert photo.file.name.endswith(".jpg")

    with pytest.raises(ValidationError) as refused:
        services.meeting_file_add(
            actor=world.secretariat,
            meeting=meeting,
            kind=MeetingFileKind.PHOTO,
            upload=SimpleUploadedFile("hong.jpg", original[:200]),
            caption="Ảnh hỏng",
        )
    assert refused.value.message_dict == {"file": [DAMAGED]}
    assert meeting.files.count() == 1


# --- Pixel count, from the header, before any pixel is decoded (#11 item 4) ----------------------------

TOO_MANY_PIXELS = "Ảnh quá lớn (13.000 × 13.000 điểm ảnh); tối đa 40 triệu điểm ảnh."


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def huge_png(width: int = 13000, height: int = 13000) -> bytes:
    """A complete, valid black-and-white PNG of width × height: a few hundred KB on the wire, but Pillow
    keeps one byte per pixel once decoded (169 MB for 13000², more while re-encoding). The rows are
    compressed as they are made, so the test never holds the pixels itself."""
    row = b"\x00" + bytes((width + 7) // 8)  # filter byte, then 1 bit per pixel
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")
    )


def test_an_image_with_too_many_pixels_is_refused_from_its_header(monkeypatch):
    data = huge_png()
    assert len(data) < 500 * 1024
    # The refusal comes from the header: decoding a single pixel would be the attack.
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("pixels decoded"))
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("bom.png", data), allowed=IMAGE_KINDS)
    assert refused.value.code == "image_too_large"
    assert refused.value.messages == [TOO_MANY_PIXELS]


def test_an_image_just_under_the_pixel_limit_is_still_accepted(settings):
    settings.GIAOBAN_UPLOAD_MAX_PIXELS = 4000 * 3000
    data = uploaded_bytes("anh.png", huge_png(4000, 3000))
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (4000, 3000)
    settings.GIAOBAN_UPLOAD_MAX_PIXELS = 11_000_000
    with pytest.raises(ValidationError) as refused:
        uploaded_bytes("anh.png", huge_png(4000, 3000))
    assert refused.value.messages == ["Ảnh quá lớn (4.000 × 3.000 điểm ảnh); tối đa 11 triệu điểm ảnh."]
