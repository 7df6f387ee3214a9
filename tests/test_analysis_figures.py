from flows.analysis import find_figures


def figure_summary(sentence):
    return [(f.text, f.value, f.value_high, f.unit, f.currency, f.kind)
            for f in find_figures(sentence)]


def test_counts_take_the_word_they_count_as_unit():
    assert figure_summary("In all, 117,000 people in five counties were trained.") == [
        ("117,000", 117000.0, None, "people", None, "count"),
        ("five", 5.0, None, "counties", None, "count"),
    ]


def test_a_modifier_between_number_and_noun_is_skipped_for_the_unit():
    (figure,) = find_figures("They live in five poverty-stricken counties.")
    assert (figure.value, figure.unit) == (5.0, "counties")


def test_scaled_numbers():
    (figure,) = find_figures("The region created 1.26 million jobs.")
    assert (figure.text, figure.value, figure.unit, figure.kind) == (
        "1.26 million", 1_260_000.0, "jobs", "count")


def test_money_with_a_converted_amount_and_a_rate():
    assert figure_summary("She earns 3,000 yuan ($434) a month.") == [
        ("3,000 yuan", 3000.0, None, "month", "CNY", "money"),
        ("$434", 434.0, None, "month", "$", "money"),
    ]


def test_prefixed_currencies_and_scales():
    assert figure_summary("It invested 135 million euros (US$154 million).") == [
        ("135 million euros", 135e6, None, None, "EUR", "money"),
        ("US$154 million", 154e6, None, None, "USD", "money"),
    ]


def test_ranges_keep_both_ends_and_the_shared_currency():
    (figure,) = find_figures("Salaries range from 2,000 to 3,000 yuan.")
    assert (figure.text, figure.value, figure.value_high, figure.currency, figure.kind) == (
        "from 2,000 to 3,000 yuan", 2000.0, 3000.0, "CNY", "range")


def test_spelled_out_ranges_and_a_scale_shared_by_both_ends():
    assert figure_summary("It takes between six and eight months for 2 to 3 million people.") == [
        ("between six and eight", 6.0, 8.0, "months", None, "range"),
        ("2 to 3 million", 2e6, 3e6, "people", None, "range"),
    ]


def test_percentages_in_their_usual_spellings():
    kinds = figure_summary("Income rose 8.8 per cent, then 6%, then 12 percent.")
    assert [(text, value, kind) for text, value, _, _, _, kind in kinds] == [
        ("8.8 per cent", 8.8, "percent"), ("6%", 6.0, "percent"), ("12 percent", 12.0, "percent"),
    ]


def test_years_are_not_counts_and_year_spans_are_not_ranges():
    assert [(f.text, f.kind) for f in find_figures("From 2015 to 2018, and in 2019-2020.")] == [
        ("2015", "year"), ("2018", "year"), ("2019", "year"), ("2020", "year"),
    ]


def test_words_and_codes_that_only_look_like_numbers_are_left_alone():
    assert find_figures("One of the 5G towers stood alone; ten of them were old.") == []


def test_base_shifts_offsets_into_the_article():
    sentence = "About 62,000 people were trained."
    (figure,) = find_figures(sentence, base=100)
    assert (figure.start, figure.end) == (106, 112)
    assert sentence[figure.start - 100 : figure.end - 100] == "62,000"


def test_sentences_without_digits_or_number_words_skip_the_amount_pattern():
    from flows.analysis.figures import may_hold_figures
    assert not may_hold_figures("Officials visited the county and met local families.")
    assert find_figures("Officials visited the county and met local families.") == []
    for sentence in ("About 117,000 people found jobs.", "Twelve counties took part.",
                     "It cost a million yuan.", "Costs rose by 5 bn."):
        assert may_hold_figures(sentence) and find_figures(sentence), sentence


def test_a_fraction_of_a_scale_word_is_its_share():
    found = find_figures("Over half a million people and a quarter of a million herders.")
    assert [(f.text, f.value) for f in found] == [("half a million", 500_000.0),
                                                  ("a quarter of a million", 250_000.0)]
