"""Fail fast, the part that needs no cluster: which objects a snippet's `kubectl wait` waits on."""

from workshop.harness.live.failfast import waited_objects


def test_the_objects_a_wait_names_are_watched():
    script = (
        "kubectl create -f c1.yaml\n"
        "kubectl wait --for=condition=Ready pod/c1-alice --timeout=3m\n"
        "kubectl wait --for=condition=complete job/c3-alice --timeout=5m\n"
        "kubectl wait --for=jsonpath='{.status.ready}'=10 job.batch/s3-alice\n"
        "kubectl logs job/c4p-alice\n"
    )
    assert waited_objects(script) == [("pod", "c1-alice"), ("job", "c3-alice"), ("job", "s3-alice")]


def test_a_snippet_without_a_wait_watches_nothing():
    assert waited_objects("kubectl logs job/c4p-alice\nkubectl get pods\n") == []


def test_kubelet_durations_are_read_as_go_writes_them():
    from workshop.harness.live.waits import _seconds

    assert _seconds("5s") == 5 and _seconds("1m0s") == 60 and _seconds("1m30s") == 90 and _seconds("500ms") == 0.5


def test_a_pod_short_only_of_room_is_told_from_one_that_no_wait_mends():
    """The scheduler's message decides whether a pending pod is queueing (the nodes are full
    now) or wrong (a selector, a taint, a claim): only the first may go on waiting."""
    from workshop.harness.live.failfast import shortages

    tail = " preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
    assert shortages("0/1 nodes are available: 1 Insufficient cpu. no new claims to deallocate," + tail) == ["cpu"]
    assert shortages("0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory." + tail) == ["cpu", "memory"]
    assert shortages("0/2 nodes are available: 2 Too many pods." + tail) == ["pods"]
    assert (
        shortages(
            "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint "
            "{node-role.kubernetes.io/control-plane: }." + tail
        )
        is None
    )
    assert shortages("0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector." + tail) is None
    assert shortages("0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims." + tail) is None
    assert shortages("no nodes available to schedule pods") is None


def test_a_pods_requests_count_its_largest_init_container_where_that_is_more():
    from kubernetes import client

    from workshop.capacity import pod_requests

    def container(cpu, memory):
        return client.V1Container(
            name="c", resources=client.V1ResourceRequirements(requests={"cpu": cpu, "memory": memory})
        )

    pod = client.V1Pod(
        spec=client.V1PodSpec(
            containers=[container("1", "100Mi"), container("100m", "100Mi")], init_containers=[container("500m", "1Gi")]
        )
    )
    assert pod_requests(pod) == {"cpu": 1.1, "memory": 2**30}


def test_what_each_wait_waits_for_is_read_with_its_object():
    from workshop.harness.live.failfast import Awaited, awaited

    script = (
        "kubectl create -f s3.yaml\nkubectl wait --for=jsonpath='{.status.ready}'=10 job/s3-alice --timeout=3m\n"
        "kubectl wait pod/c1-alice --for=condition=Ready\nkubectl wait --for=condition=complete job/c3-alice\n"
    )
    assert awaited(script) == [
        Awaited("job", "s3-alice", "jsonpath={.status.ready}=10"),
        Awaited("pod", "c1-alice", "condition=Ready"),
        Awaited("job", "c3-alice", "condition=complete"),
    ]


def test_a_wait_that_can_never_succeed_is_named_at_once():
    """Read from the object as it is: no need to wait for the snippet's --timeout."""
    from kubernetes import client

    from workshop.harness.live.failfast import never_comes

    def job(parallelism, completions, suspend=None, finished=None):
        conditions = [client.V1JobCondition(type=finished, status="True")] if finished else None
        return client.V1Job(
            metadata=client.V1ObjectMeta(name="s3-alice"),
            spec=client.V1JobSpec(
                parallelism=parallelism, completions=completions, suspend=suspend, template=client.V1PodTemplateSpec()
            ),
            status=client.V1JobStatus(conditions=conditions),
        )

    ten = "jsonpath={.status.ready}=10"
    assert "can never have 10 pods ready: it runs at most 5 at once" in never_comes(ten, job(5, 10))
    assert "at most 4" in never_comes(ten, job(10, 4))
    assert never_comes(ten, job(10, 10)) is None
    assert "has finished (Complete)" in never_comes(ten, job(10, 10, finished="Complete"))
    assert "is suspended" in never_comes("condition=complete", job(1, 1, suspend=True))
    assert never_comes("condition=complete", job(1, 1)) is None

    def pod(phase):
        return client.V1Pod(metadata=client.V1ObjectMeta(name="c1-alice"), status=client.V1PodStatus(phase=phase))

    assert "has ended (Succeeded): it can never become Ready" in never_comes("condition=Ready", pod("Succeeded"))
    assert (
        never_comes("condition=Ready", pod("Running")) is None
        and never_comes("condition=Ready", pod("Pending")) is None
    )
