"""The one error hierarchy carries its message in both of the project's languages."""

import pickle

from cli.i18n import localize_error
from domain.errors import ConfigurationError, InputError, NotFoundError


def test_an_error_is_shown_in_vietnamese_when_it_was_given_in_vietnamese():
    err = NotFoundError(
        "organisation 'X' does not exist", vi="đơn vị 'X' không tồn tại"
    )
    assert localize_error(err, "vi") == "đơn vị 'X' không tồn tại"
    assert localize_error(err, "en") == "organisation 'X' does not exist"


def test_an_error_without_vietnamese_falls_back_to_its_english_message():
    err = InputError("something odd")
    assert err.text("vi") == "something odd"


def test_both_languages_survive_pickling_as_a_flow_run_result_would():
    err = ConfigurationError("bad port", vi="cổng không hợp lệ")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is ConfigurationError
    assert back.text("vi") == "cổng không hợp lệ"
    assert back.text("en") == "bad port"
