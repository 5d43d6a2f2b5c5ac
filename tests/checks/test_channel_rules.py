"""channel: length as each channel counts it, tag limits, images against the channel spec."""

from __future__ import annotations

from collections.abc import Callable

from studio.checks import channel_rules
from studio.checks.base import CheckContext, Finding

from .conftest import image

Make = Callable[..., CheckContext]


def _sev(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.severity, f.field) for f in findings]


def test_a_post_that_fits_has_no_findings(make_ctx: Make) -> None:
    ctx = make_ctx("Maria is back in her garden. 🌱 #Recovery", channel="x",
                   media=(image(width=1600, height=900),))
    assert channel_rules.check(ctx) == []


def test_x_counts_links_as_23_so_a_long_link_still_fits(make_ctx: Make) -> None:
    text = "a" * 250 + " https://example-hospital.org/stories/" + "x" * 80
    assert channel_rules.check(make_ctx(text, channel="x")) == []


def test_x_over_280_is_an_error_highlighting_the_overflow(make_ctx: Make) -> None:
    text = "Maria's story. " + "🎉" * 140
    findings = channel_rules.check(make_ctx(text, channel="x"))
    assert _sev(findings) == [("error", "text")]
    assert "295 characters as X counts them" in findings[0].message
    start, end = findings[0].span or (0, 0)
    assert (start, end) == (15 + 132, len(text))   # 15 + 2*133 = 281 at the 133rd emoji


def test_hashtags_and_link_added_at_export_count_toward_the_limit(make_ctx: Make) -> None:
    text = "x" * 270
    findings = channel_rules.check(make_ctx(text, channel="x", hashtags=("HeartHealth",)))
    assert len(findings) == 1 and "hashtags and link added" in findings[0].message
    assert findings[0].span is None


def test_threads_counts_emoji_bytes(make_ctx: Make) -> None:
    text = "¡Gracias! " + "🙏" * 123       # 10 + 123 * 4 = 502 > 500
    findings = channel_rules.check(make_ctx(text, channel="threads"))
    assert _sev(findings) == [("error", "text")] and "502" in findings[0].message
    assert channel_rules.check(make_ctx("¡Gracias! " + "🙏" * 122, channel="threads")) == []


def test_an_unverified_limit_is_a_warning_labelled_as_convention(make_ctx: Make) -> None:
    findings = channel_rules.check(make_ctx("a" * 63_207, channel="facebook"))
    assert _sev(findings) == [("warning", "text")]
    assert "(a common convention, not a published platform rule)" in findings[0].message


def test_hashtag_and_mention_limits(make_ctx: Make) -> None:
    tags = " ".join(f"#Tag{i}" for i in range(31))
    mentions = " ".join(f"@friend{i}" for i in range(21))
    findings = channel_rules.check(make_ctx(f"Maria! {tags} {mentions}"))
    assert [f.message.split(";")[0] for f in findings] == [
        "The post has 31 hashtags", "The post tags 21 accounts"]
    assert {f.severity for f in findings} == {"error"}
    one = channel_rules.check(make_ctx("Hola #Salud", channel="threads", hashtags=("Familia",)))
    assert _sev(one) == [("error", "hashtags")]


def test_links_in_instagram_captions_are_noted(make_ctx: Make) -> None:
    findings = channel_rules.check(make_ctx("Read more at example-hospital.org/maria"))
    assert _sev(findings) == [("info", "text")]
    assert channel_rules.check(make_ctx("Read more at example-hospital.org/maria",
                                        channel="facebook")) == []


def test_image_count_format_size_aspect_and_width(make_ctx: Make) -> None:
    media = (
        image("M-1"),                                                     # fine: 4:5 JPEG
        image("M-2", mime="image/png"),                                   # export converts it
        image("M-3", byte_size=9_500_000),                                # export shrinks it
        image("M-4", width=1440, height=810),                             # 1.78 fits
        image("M-5", width=1080, height=1920),                            # 0.56 too tall
        image("M-6", width=1080, height=1920, crop=(0.0, 0.1, 1.0, 0.5)),  # crop 1.125 fits
        image("M-7", width=300, height=300),                              # under 320 px
        image("M-8", width=3000, height=3000),                            # scaled down
    )
    findings = channel_rules.check(make_ctx("Maria's album", media=media))
    assert [(f.field, f.severity) for f in findings] == [
        ("media:M-2", "info"), ("media:M-3", "info"), ("media:M-5", "error"),
        ("media:M-7", "warning"), ("media:M-8", "info")]
    assert "JPEG" in findings[0].message and "9.5 MB" in findings[1].message


def test_too_many_images_points_at_the_first_extra_one(make_ctx: Make) -> None:
    media = tuple(image(f"M-{i}", width=1600, height=900) for i in range(1, 6))
    findings = channel_rules.check(make_ctx("Maria's day", channel="x", media=media))
    assert _sev(findings) == [("error", "media:M-5")]


def test_x_aspect_limits_are_unverified_so_a_warning(make_ctx: Make) -> None:
    findings = channel_rules.check(make_ctx("Panorama", channel="x",
                                            media=(image(width=4000, height=1000),)))
    assert _sev(findings) == [("warning", "media:M-1")]
    assert "a common convention" in findings[0].message


def test_an_empty_post_is_an_error_and_videos_are_noted(make_ctx: Make) -> None:
    assert _sev(channel_rules.check(make_ctx("   "))) == [("error", "text")]
    video = image("M-9", mime="video/mp4")
    assert _sev(channel_rules.check(make_ctx("", media=(video,)))) == [("info", "media:M-9")]
