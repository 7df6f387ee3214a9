from flows.analysis import split_sentences


def test_offsets_point_at_the_sentence_text():
    text = "Zhang Ke spoke first.  Then Li Yan spoke.\n\nA new paragraph starts here."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Zhang Ke spoke first.",
        "Then Li Yan spoke.",
        "A new paragraph starts here.",
    ]
    for index, sentence in enumerate(sentences):
        assert sentence.index == index
        assert text[sentence.start : sentence.end] == sentence.text


def test_titles_initials_and_dates_do_not_end_a_sentence():
    text = (
        "Mr. Zhang met Dr. Li on Jan. 8 in the U.S. capital. "
        "J.P. Morgan analysts agreed. The talks ended."
    )
    assert [s.text for s in split_sentences(text)] == [
        "Mr. Zhang met Dr. Li on Jan. 8 in the U.S. capital.",
        "J.P. Morgan analysts agreed.",
        "The talks ended.",
    ]


def test_an_acronym_before_a_sentence_opener_ends_the_sentence():
    text = "Exports rose in the U.S. The figures came out on Monday."
    assert len(split_sentences(text)) == 2


def test_closing_quotes_stay_with_their_sentence():
    text = '"We will keep going." He left. "Is it done?" she asked.'
    assert [s.text for s in split_sentences(text)] == [
        '"We will keep going."',
        "He left.",
        '"Is it done?" she asked.',
    ]


def test_a_lower_case_word_after_a_period_continues_the_sentence():
    text = "He lost 16 lbs. since May and felt better."
    assert len(split_sentences(text)) == 1


def test_each_line_is_its_own_paragraph_and_credits_stand_alone():
    text = "Workers at a factory in Aksu. [Photo/Xinhua]\nEditor: Li Yan"
    assert [s.text for s in split_sentences(text)] == [
        "Workers at a factory in Aksu.",
        "[Photo/Xinhua]",
        "Editor: Li Yan",
    ]


def test_empty_and_blank_text_give_no_sentences():
    assert split_sentences("") == []
    assert split_sentences(" \n\n  ") == []


def test_hard_wrapped_lines_that_go_on_in_lower_case_are_one_sentence():
    text = ("In the first six months the county had trained\n"
            "over 20,000 herders, according to the bureau. Training is\n"
            "military-\nstyle and lasts a month.\n"
            "Key findings:\nwages rose\nA New Heading\n\nand a paragraph after a blank line.")
    assert [s.text for s in split_sentences(text)] == [
        "In the first six months the county had trained\nover 20,000 herders, according to "
        "the bureau.",
        "Training is\nmilitary-\nstyle and lasts a month.",
        # a line closed by a colon, a next line in capitals, and a blank line end one
        "Key findings:",
        "wages rose",
        "A New Heading",
        "and a paragraph after a blank line.",
    ]
    for sentence in split_sentences(text):
        assert text[sentence.start:sentence.end] == sentence.text
