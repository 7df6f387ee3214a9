from flows.analysis import speaker_key
from flows.analysis.speakers import parse_speaker_phrase


def test_speaker_key_folds_case_diacritics_titles_and_possessives():
    assert speaker_key("Mr. Zhang Ké") == "zhang ke"
    assert speaker_key("ZHANG KE") == "zhang ke"
    assert speaker_key("Dr Li Yan’s") == "li yan"
    assert speaker_key("The Ministry of Human Resources") == "ministry of human resources"


def test_a_role_before_the_name_is_split_off():
    parsed = parse_speaker_phrase("Conservative Leader Andrew Scheer")
    assert (parsed.name, parsed.role, parsed.kind) == (
        "Andrew Scheer", "Conservative Leader", "person")
    parsed = parse_speaker_phrase("St. Charles County Prosecuting Attorney Tim Lohmar")
    assert (parsed.name, parsed.kind) == ("Tim Lohmar", "person")
    parsed = parse_speaker_phrase("immigration lawyer Ronalee Carey")
    assert (parsed.name, parsed.role) == ("Ronalee Carey", "immigration lawyer")


def test_honorifics_are_dropped_from_the_name_and_tell_the_gender():
    parsed = parse_speaker_phrase("Ms. Li Yan")
    assert (parsed.name, parsed.gender) == ("Li Yan", "f")


def test_organisations_pronouns_and_descriptions():
    assert parse_speaker_phrase("Human Resources and Social Security Bureau").kind == (
        "organisation")
    assert parse_speaker_phrase("IRCC").kind == "organisation"
    assert parse_speaker_phrase("she").kind == "pronoun"
    assert parse_speaker_phrase("the affable proprietor").kind == "description"
    # The name after "for" is whom the spokeswoman speaks for, not the speaker.
    assert parse_speaker_phrase("A spokeswoman for Zhang Ke").kind == "description"
    assert parse_speaker_phrase("Yellowhead MP").kind == "description"


def test_a_person_with_an_organisation():
    parsed = parse_speaker_phrase("Tim Guest with the Nova Scotia Health Authority")
    assert (parsed.name, parsed.role, parsed.kind) == (
        "Tim Guest", "the Nova Scotia Health Authority", "person")


def test_a_place_before_a_first_name_is_not_part_of_the_name():
    assert parse_speaker_phrase("Kashgar David Rowland").name == "David Rowland"
    assert parse_speaker_phrase("Although Trump").name == "Trump"
