"""`workshop plan`, `status` and `sweep` on a namespace where four participants, driven by the
harness's own machinery through the very snippet files, stand at different points:

- the first finished (ran a page and the end-of-session cleanup): nothing of theirs is left;
- the second is stuck: the quota refuses half the pods of the persistent-storage Job;
- the third has a failing job (the private clone without the secret, page "Using a secret");
- the fourth left a pod running (page "Simple config files", no cleanup);

beside a bystander's objects with lookalike names, which every command must leave alone.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from kubernetes import client

from workshop.harness.live import waits
from workshop.harness.live.participant import Participant
from workshop.harness.live.run import LiveRun
from workshop.harness.options import Settings
from workshop.harness.static import inventory
from workshop.paths import ROOT

QUOTA_PODS = 6
# The fourth's pod and the third's failing pod (restartPolicy OnFailure: restarted in place, so
# it still counts) take 2; the second's Job gets the other 4 of its 10 pods.
S3_PODS = QUOTA_PODS - 2


def workshop(kubeconfig: str, namespace: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "workshop.instructor", *args, "--kubeconfig", kubeconfig, "--namespace", namespace],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        input=stdin,
    )


def _runs(page: str) -> tuple[str, ...]:
    return tuple(b.snippet for b in inventory.load().blocks_of(page))


@pytest.fixture(scope="module")
def workshop_state(kubeconfig, api, namespace, tmp_path_factory):
    core = client.CoreV1Api(api)
    core.create_namespaced_resource_quota(
        namespace,
        client.V1ResourceQuota(
            metadata=client.V1ObjectMeta(name="workshop"),
            spec=client.V1ResourceQuotaSpec(hard={"pods": str(QUOTA_PODS)}),
        ),
    )
    run = LiveRun(Settings(kubeconfig, None, namespace, "wkins", 4, None, None), inventory.load(), reports=False)
    # The fit report checks the pages this run drives through the harness; persistent-storage's
    # Job is created by hand below, to overfill the quota on purpose.
    run.open(pages=["simple-config-files", "cleanup", "using-a-secret"])
    done, stuck, failing, left = run.usernames
    bystanders = {
        "configmaps": [f"config1-{left}x", f"config1-{done}-smith"],
        "secrets": [f"github-secret-{failing}-smith"],
    }
    for name in bystanders["configmaps"]:
        core.create_namespaced_config_map(namespace, client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name)))
    for name in bystanders["secrets"]:
        core.create_namespaced_secret(namespace, client.V1Secret(metadata=client.V1ObjectMeta(name=name)))
    try:
        p = Participant(run.session, "simple-config-files", done, _runs("simple-config-files"))
        for snippet in ("create-hello.sh", "create-configmap.sh", "create-pod.sh", "cleanup.sh"):
            p.run(f"simple-config-files/{snippet}")
        Participant(run.session, "cleanup", done, _runs("cleanup")).run("cleanup/delete-everything.sh")

        p = Participant(run.session, "simple-config-files", left, _runs("simple-config-files"))
        for snippet in ("create-hello.sh", "create-configmap.sh", "create-pod.sh"):
            p.run(f"simple-config-files/{snippet}")

        p = Participant(run.session, "using-a-secret", failing, _runs("using-a-secret"))
        p.run("using-a-secret/create-c4p.sh")
        p.wait(
            "the private clone to fail at least once",
            lambda: any(
                (s.restart_count or 0) >= 1
                for pod in p.job_pods(f"c4p-{failing}")
                for s in (pod.status.container_statuses or [])
            ),
            timeout=180,
        )

        p = Participant(run.session, "persistent-storage", stuck, _runs("persistent-storage"))
        p.run("persistent-storage/create-pvc.sh")
        p.kubectl("create", "-f", "s3.yaml")  # the page's own create-job.sh would wait for all 10 pods
        p.wait(
            "the quota to refuse some of the job's pods",
            lambda: any(
                e.reason == "FailedCreate" and "exceeded quota" in (e.message or "")
                for e in core.list_namespaced_event(namespace).items
                if e.involved_object.name == f"s3-{stuck}"
            ),
            timeout=120,
        )
        before = {
            ref: _uid(core, ref, namespace)
            for kind, names in bystanders.items()
            for ref in (f"{kind}/{n}" for n in names)
        }
        yield {
            "run": run,
            "done": done,
            "stuck": stuck,
            "failing": failing,
            "left": left,
            "bystanders": before,
            "roster": _roster(tmp_path_factory, run.usernames),
        }
    finally:
        run.close()


def _uid(core, ref: str, namespace: str) -> str:
    kind, name = ref.split("/")
    read = core.read_namespaced_config_map if kind == "configmaps" else core.read_namespaced_secret
    return read(name, namespace).metadata.uid


def _roster(factory, usernames) -> str:
    path = factory.mktemp("roster") / "roster.txt"
    path.write_text("# the workshop's participants\n" + "\n".join(usernames) + "\n")
    return str(path)


def test_status_reports_each_participant(kubeconfig, namespace, workshop_state):
    s = workshop_state
    result = workshop(kubeconfig, namespace, "status", "--once", "--format", "json", "--logs", "--roster", s["roster"])
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    rows = {r["username"]: r for r in data["participants"]}
    assert list(rows) == [s["done"], s["stuck"], s["failing"], s["left"]], "one row per roster line, in order"
    assert rows[s["done"]]["objects"] == [] and rows[s["done"]]["stuck"] == []

    stuck = rows[s["stuck"]]
    assert stuck["last_page"] == "persistent-storage"
    assert any(
        p["object"] == f"job/s3-{s['stuck']}" and p["reason"] == "over quota" and f"{S3_PODS} of 10" in p["detail"]
        for p in stuck["stuck"]
    ), stuck["stuck"]

    failing = rows[s["failing"]]
    assert failing["last_page"] == "using-a-secret"
    problem = next(p for p in failing["stuck"] if p["object"].startswith(f"pod/c4p-{s['failing']}"))
    assert problem["reason"] in ("keeps failing", "crash-looping"), failing["stuck"]
    assert "could not read Username" in problem["log_tail"] or "Authentication failed" in problem["log_tail"], problem

    left = rows[s["left"]]
    assert left["last_page"] == "simple-config-files" and left["running"] == [f"c1-{s['left']}"]
    assert left["stuck"] == [] and left["changed_seconds_ago"] is not None and left["changed_seconds_ago"] < 600
    # Connecting (2), one list per kind (6), and for --logs one pod list and one log per problem.
    problems = sum(len(r["stuck"]) for r in data["participants"])
    assert data["api_requests"] == 2 + 6 + 1 + problems, data["api_requests"]


def test_status_without_a_roster_finds_the_usernames_and_the_table_reads(kubeconfig, namespace, workshop_state):
    s = workshop_state
    result = workshop(kubeconfig, namespace, "status", "--once")
    assert result.returncode == 0, result.stderr
    for who in (s["stuck"], s["failing"], s["left"]):
        assert who in result.stdout
    assert "over quota" in result.stdout and "\x1b[" not in result.stdout


def test_plan_compares_with_the_namespaces_quota_and_limits(kubeconfig, api, namespace, workshop_state):
    # A LimitRange as teaching clusters have: no container above 1Gi of memory.
    client.CoreV1Api(api).create_namespaced_limit_range(
        namespace,
        client.V1LimitRange(
            metadata=client.V1ObjectMeta(name="workshop-limits"),
            spec=client.V1LimitRangeSpec(limits=[client.V1LimitRangeItem(type="Container", max={"memory": "1Gi"})]),
        ),
    )
    result = workshop(kubeconfig, namespace, "plan", "--participants", "2", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    refused = {p["page"]: p["refused"] for p in data["pages"] if p["refused"]}
    # ephemeral-storage's s1 asks for 4Gi and may use 8Gi: refused; nothing else asks for so much.
    assert list(refused) == ["ephemeral-storage"], refused
    assert "s1-<username> (mypod): memory 8Gi > LimitRange workshop-limits max 1Gi" in refused["ephemeral-storage"]
    assert data["capacity"]["source"]["pods"] == "ResourceQuota workshop (pods)"
    # The quota's pods are all taken (the fourth's, the third's, the second's 4): nothing is left.
    assert data["capacity"]["left"]["pods"] == 0
    assert data["fit_without_waiting"] == 0


def test_sweep_lists_what_is_left(kubeconfig, namespace, workshop_state):
    s = workshop_state
    result = workshop(kubeconfig, namespace, "sweep", "--roster", s["roster"], "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = {r["username"]: r for r in json.loads(result.stdout)["participants"]}
    assert rows[s["done"]] == {
        "username": s["done"],
        "running_pods": [],
        "jobs_and_finished_pods": [],
        "claims": [],
        "secrets": [],
        "configmaps": [],
    }
    assert rows[s["left"]]["running_pods"] == [f"c1-{s['left']}"]
    assert rows[s["left"]]["configmaps"] == [f"config1-{s['left']}"]
    assert rows[s["stuck"]]["claims"] == [f"vol-{s['stuck']}"]
    assert len(rows[s["stuck"]]["running_pods"]) == S3_PODS
    assert f"jobs/s3-{s['stuck']}" not in rows[s["stuck"]]["jobs_and_finished_pods"]  # still active


def test_sweep_refuses_to_delete_without_a_roster_or_an_answer(kubeconfig, namespace, workshop_state):
    no_roster = workshop(kubeconfig, namespace, "sweep", "--delete", "--yes")
    assert no_roster.returncode == 2 and "--delete needs --roster" in no_roster.stderr
    no_tty = workshop(kubeconfig, namespace, "sweep", "--roster", workshop_state["roster"], "--delete")
    assert no_tty.returncode == 2 and "add --yes" in no_tty.stderr


def test_clear_errors_for_a_missing_cluster_namespace_or_right(kubeconfig, namespace, tmp_path, workshop_state):
    data = yaml.safe_load(open(kubeconfig))
    unreachable = tmp_path / "unreachable"
    data["clusters"][0]["cluster"]["server"] = "https://127.0.0.1:1"
    unreachable.write_text(yaml.safe_dump(data))
    gone = workshop(str(unreachable), namespace, "status", "--once")
    assert gone.returncode == 3 and "no cluster answers at https://127.0.0.1:1" in gone.stderr, gone.stderr
    missing = workshop(kubeconfig, "no-such-namespace-here", "sweep")
    assert missing.returncode == 5 and "namespace 'no-such-namespace-here' does not exist" in missing.stderr
    assert "Traceback" not in gone.stderr + missing.stderr


def _service_account_kubeconfig(api, kubeconfig: str, namespace: str, name: str, path) -> str:
    """A kubeconfig for a ServiceAccount of the namespace: what a teaching cluster gives."""
    core = client.CoreV1Api(api)
    core.create_namespaced_service_account(namespace, client.V1ServiceAccount(metadata=client.V1ObjectMeta(name=name)))
    token = core.create_namespaced_service_account_token(
        name,
        namespace,
        client.AuthenticationV1TokenRequest(spec=client.V1TokenRequestSpec(audiences=[], expiration_seconds=3600)),
    ).status.token
    data = yaml.safe_load(open(kubeconfig))
    context = data["contexts"][0]["context"]
    data["users"] = [{"name": name, "user": {"token": token}}]
    data["contexts"] = [
        {"name": name, "context": {"cluster": context["cluster"], "user": name, "namespace": namespace}}
    ]
    data["current-context"] = name
    path.write_text(yaml.safe_dump(data))
    return str(path)


def test_namespace_scoped_read_rights_are_enough_and_no_rights_is_a_clear_error(
    kubeconfig, api, namespace, tmp_path, workshop_state
):
    reader = _service_account_kubeconfig(api, kubeconfig, namespace, "workshop-reader", tmp_path / "reader")
    client.RbacAuthorizationV1Api(api).create_namespaced_role_binding(
        namespace,
        client.V1RoleBinding(
            metadata=client.V1ObjectMeta(name="workshop-reader"),
            role_ref=client.V1RoleRef(api_group="rbac.authorization.k8s.io", kind="ClusterRole", name="view"),
            subjects=[client.RbacV1Subject(kind="ServiceAccount", name="workshop-reader", namespace=namespace)],
        ),
    )
    tries = []
    result = waits.until(
        lambda: (r := workshop(reader, namespace, "status", "--once")).returncode == 0 and r or tries.append(r.stderr),
        timeout=30,
        what="the RoleBinding to take effect",
        describe=lambda _: tries[-1] if tries else "",
    )
    assert workshop_state["left"] in result.stdout
    plan = workshop(reader, namespace, "plan", "--participants", "2", "--format", "json")
    assert plan.returncode == 0, plan.stderr
    notes = json.loads(plan.stdout)["capacity"]["notes"]
    assert any("may not list nodes" in n for n in notes), notes

    nobody = _service_account_kubeconfig(api, kubeconfig, namespace, "workshop-nobody", tmp_path / "nobody")
    refused = workshop(nobody, namespace, "status", "--once")
    assert refused.returncode == 4, refused.stderr
    assert "forbidden: the account may not list pods" in refused.stderr and "Traceback" not in refused.stderr


def test_sweep_delete_removes_exactly_the_leftovers(kubeconfig, api, namespace, workshop_state):
    s = workshop_state
    result = workshop(kubeconfig, namespace, "sweep", "--roster", s["roster"], "--delete", "--yes")
    assert result.returncode == 0, result.stderr
    assert f"jobs/s3-{s['stuck']}" in result.stderr and f"pods/c1-{s['left']}" in result.stderr
    core = client.CoreV1Api(api)
    # The bystander config1-<user>-smith is not the participant's: the one ownership rule
    # (workshop.ownership) matches whole names, and the sweep must not take it.

    def nothing_left():
        listed = workshop(kubeconfig, namespace, "sweep", "--roster", s["roster"], "--format", "json")
        rows = json.loads(listed.stdout)["participants"]
        return all(not any(v for k, v in r.items() if k != "username") for r in rows)

    waits.until(nothing_left, timeout=120, what="the participants' objects to be gone")
    for ref, uid in s["bystanders"].items():
        assert _uid(core, ref, namespace) == uid, f"{ref} was touched"
    assert core.read_namespaced_resource_quota("workshop", namespace).metadata.name == "workshop"


def test_the_live_view_follows_the_namespace_with_a_watch(kubeconfig, api, namespace, workshop_state):
    """What the live view draws from: after one list per kind, a new object shows within
    seconds, with no further list (the watch delivers it)."""
    from workshop.instructor.cluster_state import ClusterState
    from workshop.kube import connection as kube

    conn = kube.connect(kubeconfig, None, namespace)
    state = ClusterState(conn)
    state.watch()
    try:
        after_start = conn.requests
        name = f"config2-{workshop_state['left']}"
        client.CoreV1Api(api).create_namespaced_config_map(
            namespace, client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name))
        )
        waits.until(
            lambda: name in state.objects["configmaps"],
            timeout=10,
            interval=0.05,
            what="the watch to deliver the new ConfigMap",
        )
        assert conn.requests == after_start, "the view listed again instead of following the watch"
        assert not state.errors, state.errors
    finally:
        state.stop()
        client.CoreV1Api(api).delete_namespaced_config_map(f"config2-{workshop_state['left']}", namespace)
