"""Finnish analysis: Voikko where installed (``scripts/ensure-voikko``), Snowball where it is not."""

import pytest

from kuulluksi import finnish


@pytest.fixture
def voikko():
    """Voikko, which every machine the project installs has; a missing install fails here, loudly."""
    finnish.use_backend(finnish.VOIKKO)
    yield
    finnish.use_backend()


@pytest.fixture
def snowball():
    """The fallback, forced as on a machine without Voikko."""
    finnish.use_backend(finnish.SNOWBALL)
    yield
    finnish.use_backend()


def test_voikko_is_the_default_backend_where_installed(voikko):
    finnish.use_backend()
    assert finnish.backend() == finnish.VOIKKO


@pytest.mark.parametrize(
    "word, lemma",
    [
        ("hakemuksen", "hakemus"),
        ("toimeentulotuen", "toimeentulotuki"),
        ("vuokra-asunnon", "vuokra-asunto"),
        ("Kelaan", "kela"),
        ("asiakasraadin", "asiakasraati"),
    ],
)
def test_voikko_finds_the_base_form(voikko, word, lemma):
    assert lemma in finnish.lemmas(word)


@pytest.mark.parametrize(
    "word, parts",
    [
        ("vuokra-asunnon", {"vuokra", "asunto"}),
        ("venäläisryssät", {"venäläinen", "ryssä"}),
        ("toimeentulotuen", {"toimeentulo", "tuki"}),
    ],
)
def test_voikko_finds_compound_parts(voikko, word, parts):
    assert parts <= finnish.lexemes(word)


def test_voikko_knows_place_and_personal_names(voikko):
    (pakila,) = finnish.analyze("Pakilassa")
    assert pakila.lemma == "pakila"
    assert pakila.word_class == finnish.PLACE_NAME and pakila.is_proper_noun
    assert any(reading.is_proper_noun for reading in finnish.analyze("Matulan"))
    assert not any(reading.is_proper_noun for reading in finnish.analyze("hakemuksen"))


def test_slang_outside_the_dictionary_has_no_reading(voikko):
    assert finnish.analyze("suvakeille") == ()
    assert not finnish.is_known("suvakeille")
    assert finnish.lemmas("suvakeille") == {"suvakeille"}  # the word itself stands for its base form


def test_analyses_are_cached(voikko):
    finnish.analyze.cache_clear()
    finnish.analyze("hakemuksen")
    finnish.analyze("hakemuksen")
    info = finnish.analyze.cache_info()
    assert (info.hits, info.misses) == (1, 1)


def test_snowball_fallback_stems_and_knows_no_names(snowball):
    assert finnish.backend() == finnish.SNOWBALL
    assert finnish.lemmas("hakemuksen") == finnish.lemmas("hakemukset")  # one stem for both forms
    assert finnish.lemmas("hakemuksen") != {"hakemuksen"}
    (reading,) = finnish.analyze("Pakilassa")
    assert reading.parts == () and not reading.is_proper_noun
    assert not finnish.is_known("Pakilassa")


def test_words_keeps_hyphenated_compounds_whole():
    assert finnish.words("Vuokra-asunnon haku, 2 kertaa!") == ["Vuokra-asunnon", "haku", "kertaa"]
