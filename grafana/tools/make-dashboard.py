# Generates grafana/dashboards/swarmbench.json: python3 grafana/tools/make-dashboard.py > grafana/dashboards/swarmbench.json
# The panels across runs (one per headline metric, from the run_summary points) come from the list
# of headline metrics in docs/metrics.md, which `swarmbench scenarios metrics --write` generates
# from the measurement registry: regenerate the docs first, then this.
import json
import os
import re
DS = {"type": "influxdb", "uid": "swarmbench-influxdb"}
RUN = "\"run\" =~ /^$run$/ AND $timeFilter"
panels = []
def ts(title, queries, unit, x, y, w=12, h=8, desc=""):
    targets = []
    for i, (q, alias) in enumerate(queries):
        targets.append({"refId": chr(65 + i), "datasource": DS, "rawQuery": True, "resultFormat": "time_series", "query": q, "alias": alias})
    panels.append({
        "id": len(panels) + 1, "type": "timeseries", "title": title, "description": desc, "datasource": DS,
        "gridPos": {"x": x, "y": y, "w": w, "h": h},
        "fieldConfig": {"defaults": {"unit": unit, "custom": {"spanNulls": True, "lineWidth": 1, "fillOpacity": 5}}, "overrides": []},
        "options": {"legend": {"displayMode": "table", "placement": "bottom", "calcs": ["max", "mean", "lastNotNull"]}, "tooltip": {"mode": "multi"}},
        "targets": targets,
    })
ts("Convergence: running vs desired tasks", [
    (f'SELECT last("running") FROM "swarm_service" WHERE {RUN} GROUP BY time($__interval), "service" fill(previous)', "running $tag_service"),
    (f'SELECT last("desired") FROM "swarm_service" WHERE {RUN} GROUP BY time($__interval), "service" fill(previous)', "desired $tag_service"),
], "short", 0, 0, desc="ServiceStatus from GET /services?status=true, every second")
ts("Tasks not yet running", [
    (f'SELECT last("pending") AS "pending", last("assigned") AS "assigned", last("preparing") AS "preparing", last("starting") AS "starting", last("failed") AS "failed" FROM "swarm_service" WHERE {RUN} GROUP BY time($__interval), "service" fill(previous)', "$col $tag_service"),
], "short", 12, 0)
ts("Scheduling rate: tasks reaching running per second", [
    (f'SELECT count("latency_ms") FROM "swarm_task_status" WHERE {RUN} GROUP BY time(1s) fill(0)', "running/s (task timestamps)"),
    (f'SELECT mean("running_per_s") FROM "swarm_sched" WHERE {RUN} GROUP BY time($__interval), "service" fill(null)', "running/s $tag_service (count delta)"),
], "short", 0, 8, desc="From the swarm's own task timestamps (exact) and from successive running counts")
ts("Task start-up latency (created -> running)", [
    (f'SELECT percentile("latency_ms", 50) AS "p50", percentile("latency_ms", 90) AS "p90", percentile("latency_ms", 99) AS "p99", max("latency_ms") AS "max" FROM "swarm_task_status" WHERE {RUN} GROUP BY time($__interval) fill(null)', "$col"),
], "ms", 12, 8, desc="Per task: CreatedAt (manager) to the Status.Timestamp of its running state (node)")
ts("Node container CPU by role (% of one core)", [
    (f'SELECT mean("cpu_percent") FROM "node_resources" WHERE {RUN} GROUP BY time($__interval), "role" fill(null)', "mean $tag_role"),
    (f'SELECT max("cpu_percent") FROM "node_resources" WHERE {RUN} GROUP BY time($__interval), "role" fill(null)', "max $tag_role"),
], "percent", 0, 16)
ts("Outer host CPU (% of one core)", [
    (f'SELECT mean("cpu_percent") FROM "host_resources" WHERE {RUN} GROUP BY time($__interval), "host" fill(null)', "nodes on $tag_host"),
    (f'SELECT mean("engine_cpu_percent") FROM "host_resources" WHERE {RUN} GROUP BY time($__interval), "host" fill(null)', "everything the engine runs on $tag_host"),
], "percent", 12, 16)
ts("Node container memory by role", [
    (f'SELECT mean("mem_bytes") FROM "node_resources" WHERE {RUN} GROUP BY time($__interval), "role" fill(null)', "mean $tag_role"),
    (f'SELECT mean("mem_bytes") FROM "host_resources" WHERE {RUN} GROUP BY time($__interval), "host" fill(null)', "total on $tag_host"),
], "bytes", 0, 24)
ts("Nodes", [
    (f'SELECT last("ready") AS "ready", last("down") AS "down", last("unknown") AS "unknown" FROM "swarm_node" WHERE {RUN} GROUP BY time($__interval) fill(previous)', "$col"),
], "short", 12, 24)
ts("Harness", [
    (f'SELECT mean("cpu_percent") FROM "harness" WHERE {RUN} GROUP BY time($__interval) fill(null)', "CPU %"),
    (f'SELECT max("event_loop_lag_ms") FROM "harness" WHERE {RUN} GROUP BY time($__interval) fill(null)', "event loop lag ms"),
], "short", 0, 32, w=24, h=6)

# Across runs: one panel per headline metric, one point per run at its start time (a repeated
# run's median, with the interval of the median), for the scenario chosen in $scenario. The kinds
# are run_summary's HISTORY_KINDS (harness/metrics/measurements/run-summary.ts): a repetition
# counts once, in its set's point.
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
HIST = "\"scenario\" =~ /^$scenario$/ AND (\"kind\" = 'single' OR \"kind\" = 'repetitions') AND $timeFilter"
GRAFANA_UNIT = {"ms": "ms", "per_s": "short", "count": "short", "ratio": "short", "percent": "percent", "bytes": "bytes"}
UNIT_WORDS = {"ms": "ms", "per_s": "per s", "count": "count", "ratio": "ratio", "percent": "% of one core", "bytes": "bytes"}
HISTORY_RANGE = "90d"

def headline_metrics():
    text = open(os.path.join(ROOT, "docs", "metrics.md"), encoding="utf-8").read()
    begin, end = "<!-- generated:headline-metrics (do not edit by hand) -->", "<!-- /generated:headline-metrics -->"
    if begin not in text or end not in text:
        raise SystemExit("docs/metrics.md has no headline-metrics block: run `swarmbench scenarios metrics --write`")
    rows = re.findall(r"^\| `([^`]+)` \| `([^`]+)` \| (\w+) \|$", text.split(begin)[1].split(end)[0], re.M)
    if not rows:
        raise SystemExit("docs/metrics.md lists no headline metric")
    return rows

def history_panel(pid, name, unit, better, x, y):
    q = (f'SELECT "{name}" AS "value", "{name}:low" AS "interval low", "{name}:high" AS "interval high" '
         f'FROM "run_summary" WHERE {HIST}')
    dashed = lambda col: {"matcher": {"id": "byName", "options": col}, "properties": [
        {"id": "custom.lineStyle", "value": {"fill": "dash", "dash": [6, 4]}},
        {"id": "custom.showPoints", "value": "never"},
        {"id": "custom.lineWidth", "value": 1},
    ]}
    return {
        "id": pid, "type": "timeseries", "title": f"{name} ({UNIT_WORDS.get(unit, unit)}, {better} is better)",
        "description": f"{name} per run of $scenario, at the run's start: a run alone, or a repeated run's median with the interval of the median (dashed). From the run_summary points runs with --influx write.",
        "datasource": DS, "timeFrom": HISTORY_RANGE,
        "gridPos": {"x": x, "y": y, "w": 8, "h": 7},
        "fieldConfig": {"defaults": {"unit": GRAFANA_UNIT.get(unit, "short"), "custom": {"drawStyle": "line", "showPoints": "always", "pointSize": 6, "spanNulls": True, "lineWidth": 1, "fillOpacity": 0}},
                        "overrides": [dashed("interval low"), dashed("interval high")]},
        "options": {"legend": {"displayMode": "list", "placement": "bottom"}, "tooltip": {"mode": "multi"}},
        "targets": [{"refId": "A", "datasource": DS, "rawQuery": True, "resultFormat": "time_series", "query": q, "alias": "$col"}],
    }

groups = {}
for name, unit, better in headline_metrics():
    groups.setdefault(name.split(".")[0], []).append((name, unit, better))
y = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in panels)
next_id = len(panels) + 1
for group, metrics in groups.items():
    row = {"id": next_id, "type": "row", "title": f"Across runs of $scenario: {group} (one point per run)", "collapsed": True,
           "gridPos": {"x": 0, "y": y, "w": 24, "h": 1}, "panels": []}
    next_id += 1
    for i, (name, unit, better) in enumerate(metrics):
        row["panels"].append(history_panel(next_id, name, unit, better, (i % 3) * 8, y + 1 + (i // 3) * 7))
        next_id += 1
    panels.append(row)
    y += 1

def ann(name, q, color, text, tags):
    return {"name": name, "datasource": DS, "enable": True, "iconColor": color, "query": q, "textColumn": text, "tagsColumn": tags}

dash = {
    "uid": "swarmbench-run", "title": "swarmbench run", "tags": ["swarmbench"], "timezone": "utc",
    "schemaVersion": 39, "version": 1, "refresh": "5s", "time": {"from": "now-30m", "to": "now"},
    "annotations": {"list": [
        ann("steps", f'SELECT "event", "step" FROM "step" WHERE {RUN}', "blue", "event", "step"),
        ann("marks", f'SELECT "value", "name" FROM "mark" WHERE {RUN}', "orange", "name", "name"),
        ann("leader changes", f'SELECT "leader", "previous" FROM "swarm_leader" WHERE {RUN}', "red", "leader", "previous"),
    ]},
    "templating": {"list": [{
        "name": "run", "label": "run", "type": "query", "datasource": DS,
        "query": 'SHOW TAG VALUES FROM "harness" WITH KEY = "run"', "refresh": 2, "sort": 2,
        "includeAll": False, "multi": False,
    }, {
        "name": "scenario", "label": "scenario (across runs)", "type": "query", "datasource": DS,
        "query": 'SHOW TAG VALUES FROM "run_summary" WITH KEY = "scenario"', "refresh": 2, "sort": 1,
        "includeAll": False, "multi": False,
    }]},
    "panels": panels,
}
print(json.dumps(dash, indent=2))
