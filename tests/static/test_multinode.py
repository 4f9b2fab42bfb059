"""What one node cannot show: claims that several pods use at once must allow it on many nodes."""

from __future__ import annotations

import textwrap

from workshop.harness.static.multinode import claim_uses, shared_claim_problems


def test_the_tutorials_shared_claims_allow_many_nodes():
    problems = shared_claim_problems()
    assert not problems, "\n".join(map(str, problems))


def test_the_check_sees_the_tutorials_shared_claims():
    uses = {(u.manifest, u.claim): u for u in claim_uses()}
    s3 = uses[("persistent-storage/s3.yaml", "vol-<username>")]
    assert s3.pods_at_once == 10 and not s3.read_only
    cvmfs = uses[("attaching-existing-storage/s4.yaml", "cvmfs")]
    assert cvmfs.read_only


def _project(tmp_path, pvc_modes, job_mount_read_only=False, shared_writable=False):
    snippets = tmp_path / "snippets" / "page"
    snippets.mkdir(parents=True)
    (snippets / "pvc.yaml").write_text(
        textwrap.dedent(f"""\
        kind: PersistentVolumeClaim
        metadata: {{name: vol-<username>}}
        spec: {{accessModes: {pvc_modes}}}
    """)
    )
    (snippets / "job.yaml").write_text(
        textwrap.dedent(f"""\
        kind: Job
        metadata: {{name: j-<username>}}
        spec:
          parallelism: 4
          template:
            spec:
              containers:
              - name: c
                volumeMounts: [{{name: v, mountPath: /v, readOnly: {str(job_mount_read_only).lower()}}}]
              volumes: [{{name: v, persistentVolumeClaim: {{claimName: vol-<username>}}}}]
    """)
    )
    (snippets / "pod.yaml").write_text(
        textwrap.dedent(f"""\
        kind: Pod
        metadata: {{name: p-<username>}}
        spec:
          containers:
          - name: c
            volumeMounts: [{{name: s, mountPath: /s, readOnly: {str(not shared_writable).lower()}}}]
          volumes: [{{name: s, persistentVolumeClaim: {{claimName: shared}}}}]
    """)
    )
    profile = tmp_path / "cluster" / "profile"
    profile.mkdir(parents=True)
    (profile / "shared.yaml").write_text(
        "kind: PersistentVolumeClaim\nmetadata: {name: shared}\nspec: {accessModes: [ReadOnlyMany]}\n"
    )
    return tmp_path / "snippets", profile


def test_a_parallel_job_on_a_read_write_once_claim_is_named(tmp_path):
    snippets, profile = _project(tmp_path, "[ReadWriteOnce]")
    problems = shared_claim_problems(snippets, profile, root=tmp_path)
    assert len(problems) == 1
    text = str(problems[0])
    assert "page/job.yaml" in text and "vol-<username>" in text and "4 pods at once" in text
    assert "ReadWriteMany" in text and "page/pvc.yaml" in text


def test_read_only_many_is_enough_for_read_only_mounts(tmp_path):
    snippets, profile = _project(tmp_path, "[ReadOnlyMany]", job_mount_read_only=True)
    assert not shared_claim_problems(snippets, profile, root=tmp_path)


def test_a_claim_every_participant_shares_must_be_mounted_read_only(tmp_path):
    snippets, profile = _project(tmp_path, "[ReadWriteMany]", shared_writable=True)
    problems = shared_claim_problems(snippets, profile, root=tmp_path)
    assert [p.claim for p in problems] == ["shared"]
    assert "one pod per participant" in problems[0].message and "readOnly" in problems[0].message


def test_every_container_states_what_a_quota_demands():
    from workshop.harness.static.stated_resources import unstated_resources

    problems = unstated_resources()
    assert not problems, "\n".join(map(str, problems))


def test_an_init_container_without_requests_is_named(tmp_path):
    from workshop.harness.static.stated_resources import unstated_resources

    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "j.yaml").write_text(
        textwrap.dedent("""\
        kind: Job
        metadata: {name: j}
        spec:
          template:
            spec:
              initContainers: [{name: init, image: x}]
              containers: [{name: main, image: x, resources: {requests: {cpu: 1, memory: 1Mi}, limits: {cpu: 1, memory: 1Mi}}}]
    """)
    )
    problems = unstated_resources(tmp_path)
    assert [str(p) for p in problems] == [
        "page 'page', snippets/page/j.yaml: container 'init' states no requests.cpu, requests.memory, "
        "limits.cpu, limits.memory: a namespace with a ResourceQuota refuses its pods"
    ]
