#!/usr/bin/env python3
"""Checks deploy/airflow/winnow_dag.py without Airflow (plain python3: it parses; its tasks,
their order and arguments match the winnow CLI), and imports it for real when Airflow is
installed. Usage: check_dag.py DAG_FILE CLI_COMMAND...  (the CLI's subcommand names)."""
import ast
import sys

PIPELINE = ["featurize", "importance", "cluster", "dedup", "select", "report"]

# the arguments SparkSubmitOperator renders as Jinja templates (apache-airflow-providers-apache-spark's
# SparkSubmitOperator.template_fields); a template anywhere else reaches spark-submit as it is written.
# With Airflow installed the operator's own list is used instead.
TEMPLATE_FIELDS = {"application", "conf", "files", "py_files", "jars", "driver_class_path", "packages",
                   "exclude_packages", "keytab", "principal", "proxy_user", "name", "application_args",
                   "env_vars", "properties_file"}


def templated_names(tree):
    """Module-level names bound to an expression that holds a Jinja template."""
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and holds_template(node.value, names):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def holds_template(node, names):
    for n in ast.walk(node):
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and "{{" in n.value:
            return True
        if isinstance(n, ast.Name) and n.id in names:
            return True
    return False


def untemplated_jinja(call, tree, fields):
    """The keyword arguments of the operator call that hold a template Airflow will not render."""
    names = templated_names(tree)
    return sorted(k.arg for k in call.keywords if k.arg not in fields and holds_template(k.value, names))


def main():
    path, commands = sys.argv[1], set(sys.argv[2:])
    source = open(path, encoding="utf-8").read()
    tree = ast.parse(source, path)
    stages = None
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "STAGES" for t in node.targets):
            stages = ast.literal_eval(node.value)
    assert stages == PIPELINE, "STAGES must be the pipeline's stages in order, not %r" % (stages,)
    missing = [s for s in stages if s not in commands]
    assert not missing, "stages that are no CLI command: %r (commands: %r)" % (missing, sorted(commands))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "SparkSubmitOperator"]
    assert len(calls) == 1, "one SparkSubmitOperator, built per stage in the loop"
    kw = {k.arg: k.value for k in calls[0].keywords}
    for key in ("task_id", "application", "java_class", "application_args", "conf"):
        assert key in kw, "SparkSubmitOperator lacks " + key
    assert ast.literal_eval(kw["java_class"]) == "dev.winnow.jobs.cli.WinnowCli"
    fields = TEMPLATE_FIELDS
    try:
        from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
        fields = {f.lstrip("_") for f in SparkSubmitOperator.template_fields}
    except ImportError:
        pass
    wrong = untemplated_jinja(calls[0], tree, fields)
    assert not wrong, ("Jinja templates in arguments SparkSubmitOperator does not render: %r (rendered: %r)"
                       % (wrong, sorted(fields)))
    args = kw["application_args"]
    assert isinstance(args, ast.List) and getattr(args.elts[0], "id", None) == "stage", "the stage is the first argument"
    literal = [ast.literal_eval(e) for e in args.elts if isinstance(e, ast.Constant)]
    assert "--config" in literal and "--set" in literal, "config file and work.dir are passed"
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert "--break-lock" not in strings, "no task breaks the work directory's lock: a retry would kill a live run"
    assert "dt={{ ds }}" in source, "the work directory is partitioned by the run date"
    assert any(s.startswith("input.pool=") for s in strings), "the pool path is set per run (by date)"
    assert any(s.startswith("work.dir=") for s in strings), "the work directory is set per run (by date)"
    assert "previous >> task" in source, "each stage runs after the one before it"
    try:
        import airflow  # noqa: F401
    except ImportError:
        print("check_dag: structure OK (Airflow is not installed here: not imported)")
        return
    import importlib.util
    spec = importlib.util.spec_from_file_location("winnow_dag", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    dag = module.dag
    assert sorted(dag.task_ids) == sorted(PIPELINE), dag.task_ids
    for before, after in zip(PIPELINE, PIPELINE[1:]):
        assert dag.get_task(after).upstream_task_ids == {before}, after
    print("check_dag: structure OK and the DAG imports in Airflow")


if __name__ == "__main__":
    main()
