from . import (
    test_anonymity,
    test_attacks,
    test_conference,
    test_evaluation,
    test_meetings,
    test_participant,
    test_peer_counselling,
    test_request,
    test_themes,
)
