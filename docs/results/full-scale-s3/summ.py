# Pools droil bench runs (seed chunks of one protocol) and prints, per env x demos:
# BC's return and each method's paired difference to BC (mean ± 95% t-CI over seeds, [above/below]),
# for nominal, perturbed mean, sweep worst, worst box, and each sweep's area.
#   python3 docs/results/full-scale-s3/summ.py RUN_DIR [RUN_DIR ...]
# Reads each run directory's results.csv (or results.csv.gz); numbers parse as JSON would (2 stays an int).
import csv, gzip, io, json, math, os, sys
from scipy import stats
NUMERIC = ('demos', 'rho', 'seed', 'mean', 'std', 'episodes', 'score')
def read_rows(d):
    d = d if os.path.isdir(d) else os.path.dirname(d)
    p = os.path.join(d, 'results.csv')
    text = open(p).read() if os.path.exists(p) else gzip.open(p + '.gz', 'rt').read()
    return [{k: (None if v == '' else json.loads(v)) if k in NUMERIC else v for k, v in r.items()} for r in csv.DictReader(io.StringIO(text))]
rows = []
for p in sys.argv[1:]:
    rs = read_rows(p)
    if not any(r['condition'] == 'perturbed mean' for r in rs):  # older runs: mean over off-nominal sweep points
        keys = {(r['env'], r['demos'], r['algo'], r['rho'], r['seed']) for r in rs}
        for k in keys:
            pts = [r['mean'] for r in rs if (r['env'], r['demos'], r['algo'], r['rho'], r['seed']) == k and r['kind'] == 'sweep-point' and not r['condition'].endswith(' x1')]
            rs.append(dict(env=k[0], demos=k[1], algo=k[2], rho=k[3], seed=k[4], condition='perturbed mean', kind='summary', mean=sum(pts)/len(pts)))
    rows += rs
def ci(xs):
    n = len(xs); m = sum(xs)/n
    if n < 2: return m, float('nan')
    sd = math.sqrt(sum((x-m)**2 for x in xs)/(n-1))
    return m, stats.t.ppf(0.975, n-1)*sd/math.sqrt(n)
def fmt(xs, d=1):
    m, h = ci(xs); return f"{m:+.{d}f} ± {h:.{d}f}"
cells = sorted({(r['env'], r['demos']) for r in rows})
for env, demos in cells:
    part = [r for r in rows if r['env']==env and r['demos']==demos]
    seeds = sorted({r['seed'] for r in part})
    conds = [c for c in dict.fromkeys(r['condition'] for r in part) if c in ('nominal','perturbed mean','sweep worst') or c.startswith('worst box') or c.endswith('(area)')]
    methods = list(dict.fromkeys((r['algo'], r['rho']) for r in part))
    get = {(r['algo'], r['rho'], r['condition'], r['seed']): r['mean'] for r in part}
    print(f"\n{env}, {demos} demos, seeds {seeds} ({len(seeds)})")
    print("| method | " + " | ".join(conds) + " |"); print("|---|" + "---|"*len(conds))
    for a, rho in methods:
        cellsout = []
        for c in conds:
            v = [get[(a, rho, c, s)] for s in seeds]
            if a == 'bc':
                m, h = ci(v); cellsout.append(f"{m:.1f} ± {h:.1f}")
            else:
                d = [get[(a, rho, c, s)] - get[('bc', None, c, s)] for s in seeds]
                m, h = ci(d); b = '**' if (h == h and abs(m) > h) else ''
                cellsout.append(f"{b}{m:+.1f} ± {h:.1f}{b} [{sum(x>0 for x in d)}/{sum(x<0 for x in d)}]")
        print(f"| {a}{'' if rho is None else ' rho '+str(rho)}{'' if a=='bc' else ' − BC'} | " + " | ".join(cellsout) + " |")
    print("per-seed nominal:", {f"{a} {rho}": [round(get[(a, rho, 'nominal', s)]) for s in seeds] for a, rho in methods})
    wb = [c for c in conds if c.startswith('worst box')]
    if wb: print("per-seed worst box:", {f"{a} {rho}": [round(get[(a, rho, wb[0], s)]) for s in seeds] for a, rho in methods})
