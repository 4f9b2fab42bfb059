"""Page "End of the session: clean up": each participant removes all of theirs, and only theirs.

Runs after every other page of the same participant. All participants list their leftovers
at the same moment (so the others' objects exist), then delete in turn: each checks first that
the earlier deletions left its own objects alone.
"""

from workshop.harness.live.participant import Participant

PAGE = "cleanup"
AFTER = "all"
RUNS = [
    "cleanup/list-leftovers.sh",
    "cleanup/delete-everything.sh",
]
NOTHING = "Nothing of yours is left."


def names(refs) -> set[str]:
    return {ref.split("/", 1)[1] for ref in refs if "/" in ref}


def scenario(p: Participant) -> None:
    p.rendezvous("before listing")
    mine = names(p.mine())
    with p.check("the earlier pages left this participant something to clean: what they keep on purpose"):
        kept = {p.name(k) for k in p.kept_before}  # their KEEPS: the secret, the claim
        assert kept <= mine, f"expected at least {sorted(kept)} to be left, the namespace holds {sorted(mine)}"
        assert mine or not p.kept_before, "nothing to clean: the page's checks below would hold trivially"
    listed = p.run("cleanup/list-leftovers.sh").stdout
    with p.claim(
        "List what is left of yours (pods, jobs, ConfigMaps, secrets and claims whose name carries your username)"
    ):
        if mine:
            assert names(listed.split()) == mine, f"listed:\n{listed}\nbut the namespace holds: {sorted(mine)}"
        else:  # only when no earlier page ran in this session (pytest -k cleanup)
            assert listed.strip() == NOTHING, listed
    p.rendezvous("after listing")
    with p.turn("delete"):
        with p.check("another participant's cleanup leaves my objects alone"):
            assert names(p.mine()) == mine
        p.run("cleanup/delete-everything.sh")
    after = p.run("cleanup/list-leftovers.sh").stdout
    with p.claim("Then run the listing above again: it should say that nothing of yours is left."):
        assert after.strip() == NOTHING, after
        assert p.mine() == []
