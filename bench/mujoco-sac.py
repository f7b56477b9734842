"""SAC (CleanRL-style, one file) on Gymnasium's MuJoCo v5 locomotion tasks, to train an MLP demonstrator.

The actor is what the project stores and runs (src/core/mujoco/locomotion-experts.ts via plain-mlp.ts's
forward): a tanh-hidden MLP on the raw observation, its mean head squashed by tanh, a = tanh(W3 h2 + b3).
The critics are two 256x256 ReLU MLPs evaluated as one batched module (one bmm per layer: fewer Python calls).
Seeded (torch, numpy, the env's resets); torch.set_num_threads(1) (the machine is shared).

  /tmp/torchenv/bin/python bench/mujoco-sac.py --env HalfCheetah-v5 --steps 200000 --seed 1 --out /tmp/sac-hc
  --bench N   time N updates (after a random warm-up) and print updates/s and env steps/s, then exit.

Writes OUT/log.csv (step, wall s, eval mean, min, max over --eval-episodes deterministic episodes, alpha) and
OUT/actor-STEP.json at every evaluation (layers as W row-major [in, out], b; the project's HostLayer order).
"""
import argparse, json, os, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import gymnasium as gym

p = argparse.ArgumentParser()
p.add_argument('--env', default='HalfCheetah-v5')
p.add_argument('--steps', type=int, default=200000)
p.add_argument('--seed', type=int, default=1)
p.add_argument('--out', default='/tmp/sac-out')
p.add_argument('--hidden', type=int, default=128, help='actor hidden width (2 layers, tanh)')
p.add_argument('--critic-hidden', type=int, default=256)
p.add_argument('--batch', type=int, default=256)
p.add_argument('--learning-starts', type=int, default=5000)
p.add_argument('--eval-every', type=int, default=10000)
p.add_argument('--eval-episodes', type=int, default=5)
p.add_argument('--bench', type=int, default=0)
p.add_argument('--export', nargs=2, metavar=('ACTOR_JSON', 'OUT_JSON'),
               help='write a saved actor as a droil-policy file (src/core/algos/policy-file.ts) and exit')
p.add_argument('--note', default='', help='with --export: the training command and log summary stored in the file')
p.add_argument('--gym-eval', metavar='POLICY_JSON', help="a droil-policy file's return in Gymnasium (--episodes from --eval-seed), then exit")
p.add_argument('--episodes', type=int, default=20)
p.add_argument('--eval-seed', type=int, default=0)
a = p.parse_args()

if a.export:
    src = json.load(open(a.export[0]))
    f32 = lambda v: '[' + ','.join(str(np.float32(x)) for x in v) + ']'  # shortest float32 text: exact, small
    L = src['layers']
    body = ',\n'.join('{"W":' + f32(l['W']) + ',"b":' + f32(l['b']) + '}' for l in L)
    od_, ad_ = L[0]['inDim'], L[-1]['outDim']
    head = {'format': 'droil-policy', 'version': 1, 'envId': src['env'], 'obsDim': od_,
            'action': {'kind': 'continuous', 'dim': ad_, 'low': [-1] * ad_, 'high': [1] * ad_, 'squash': 'tanh'},
            'architecture': {'hidden': [l['outDim'] for l in L[:-1]], 'activation': 'tanh'}}
    tail = {'normaliser': {'mean': [0] * od_, 'std': [1] * od_},
            'algorithm': {'name': 'sac', 'output': 'a = tanh(network output): the SAC actor mean squashed (not clipped)'},
            'training': {'seed': src['seed'], 'steps': int(os.path.basename(a.export[0]).split('-')[1].split('.')[0]),
                         'note': a.note}}
    with open(a.export[1], 'w') as f:
        f.write(json.dumps(head)[:-1] + ',"layers":[\n' + body + '],\n' + json.dumps(tail)[1:] + '\n')
    raise SystemExit

if a.gym_eval:
    P = json.load(open(a.gym_eval)); Ls = [(np.array(l['W'], dtype=np.float32).astype(np.float64).reshape(-1, len(l['b'])),
                                            np.array(l['b'], dtype=np.float32).astype(np.float64)) for l in P['layers']]
    e = gym.make(P['envId']); rets = []; flips = 0; fell = 0
    for k in range(a.episodes):
        o, _ = e.reset(seed=a.eval_seed * 1000 + k); done = False; R = 0.0; pitch = 0.0
        while not done:
            h = np.asarray(o, dtype=np.float32).astype(np.float64)
            for j, (W, b) in enumerate(Ls): h = h @ W + b; h = np.tanh(h)  # hidden tanh, and the output's squash
            o, r, term, trunc, _ = e.step(h); R += r; done = term or trunc
            pitch = max(pitch, abs(e.unwrapped.data.qpos[2]))
        rets.append(R); flips += pitch > np.pi / 2; fell += term  # terminated: unhealthy (fell) before the time limit
    print(f'{P["envId"]} {a.gym_eval} (Gymnasium {gym.__version__}, mujoco {__import__("mujoco").__version__}): return '
          f'{np.mean(rets):.1f} ({np.min(rets):.1f}..{np.max(rets):.1f}) over {a.episodes} episodes from seeds '
          f'{a.eval_seed * 1000}.., fell (terminated) {fell}/{a.episodes}, flipped (|rooty| > pi/2) {flips}/{a.episodes}  '
          f'load {os.getloadavg()[0]:.1f}')
    raise SystemExit

torch.set_num_threads(1)
torch.manual_seed(a.seed); np.random.seed(a.seed)
env = gym.make(a.env)
eval_env = gym.make(a.env)
od = env.observation_space.shape[0]; ad = env.action_space.shape[0]
assert np.allclose(env.action_space.high, 1) and np.allclose(env.action_space.low, -1)


class Actor(nn.Module):
    def __init__(s, h):
        super().__init__()
        s.l1 = nn.Linear(od, h); s.l2 = nn.Linear(h, h); s.mu = nn.Linear(h, ad); s.ls = nn.Linear(h, ad)

    def forward(s, x):
        h = torch.tanh(s.l2(torch.tanh(s.l1(x))))
        ls = torch.tanh(s.ls(h)); ls = -5 + 0.5 * (2 - -5) * (ls + 1)  # CleanRL's log-std range [-5, 2]
        return s.mu(h), ls

    def sample(s, x):
        mu, ls = s(x); std = ls.exp()
        u = mu + std * torch.randn_like(mu)
        act = torch.tanh(u)
        logp = (-0.5 * ((u - mu) / std) ** 2 - ls - 0.5 * np.log(2 * np.pi)).sum(1) - torch.log(1 - act.pow(2) + 1e-6).sum(1)
        return act, logp, torch.tanh(mu)


class TwinQ(nn.Module):
    """Two Q networks as one: weights [2, in, out], one baddbmm per layer."""
    def __init__(s, h):
        super().__init__()
        def lin(i, o):
            w = torch.empty(2, i, o); b = torch.empty(2, 1, o); k = 1 / np.sqrt(i)
            nn.init.uniform_(w, -k, k); nn.init.uniform_(b, -k, k)
            return nn.Parameter(w), nn.Parameter(b)
        s.w1, s.b1 = lin(od + ad, h); s.w2, s.b2 = lin(h, h); s.w3, s.b3 = lin(h, 1)

    def forward(s, o, act):
        x = torch.cat([o, act], 1).unsqueeze(0).expand(2, -1, -1)
        x = F.relu(torch.baddbmm(s.b1, x, s.w1)); x = F.relu(torch.baddbmm(s.b2, x, s.w2))
        return torch.baddbmm(s.b3, x, s.w3).squeeze(-1)  # [2, B]


actor = Actor(a.hidden); q = TwinQ(a.critic_hidden); qt = TwinQ(a.critic_hidden); qt.load_state_dict(q.state_dict())
for t in qt.parameters(): t.requires_grad_(False)
q_opt = torch.optim.Adam(q.parameters(), lr=1e-3); pi_opt = torch.optim.Adam(actor.parameters(), lr=3e-4)
log_alpha = torch.zeros(1, requires_grad=True); a_opt = torch.optim.Adam([log_alpha], lr=1e-3); target_ent = -ad
gamma, tau = 0.99, 0.005

N = a.steps
B_o = torch.zeros(N, od); B_a = torch.zeros(N, ad); B_r = torch.zeros(N); B_o2 = torch.zeros(N, od); B_d = torch.zeros(N)


def update(step):
    idx = torch.randint(0, min(step, N), (a.batch,))
    o, act, r, o2, d = B_o[idx], B_a[idx], B_r[idx], B_o2[idx], B_d[idx]
    alpha = log_alpha.exp().detach()
    with torch.no_grad():
        a2, lp2, _ = actor.sample(o2)
        tq = qt(o2, a2).min(0).values - alpha * lp2
        y = r + gamma * (1 - d) * tq
    qv = q(o, act)
    ql = F.mse_loss(qv[0], y) + F.mse_loss(qv[1], y)
    q_opt.zero_grad(set_to_none=True); ql.backward(); q_opt.step()
    if step % 2 == 0:  # CleanRL: delayed policy updates, twice every second step
        for _ in range(2):
            pa, lp, _ = actor.sample(o)
            qpi = q(o, pa).min(0).values
            pl = (alpha * lp - qpi).mean()
            pi_opt.zero_grad(set_to_none=True); pl.backward(); pi_opt.step()
            al = (-log_alpha.exp() * (lp.detach() + target_ent)).mean()
            a_opt.zero_grad(set_to_none=True); al.backward(); a_opt.step()
            alpha = log_alpha.exp().detach()
    with torch.no_grad():
        for t, s in zip(qt.parameters(), q.parameters()): t.mul_(1 - tau).add_(s, alpha=tau)


def evaluate(k):
    rets = []
    for e in range(a.eval_episodes):
        o, _ = eval_env.reset(seed=10_000 + e); done = False; R = 0.0
        while not done:
            with torch.no_grad(): _, _, m = actor.sample(torch.as_tensor(o, dtype=torch.float32)[None])
            o, r, term, trunc, _ = eval_env.step(m[0].numpy()); R += r; done = term or trunc
        rets.append(R)
    return rets


def save_actor(path):
    L = [actor.l1, actor.l2, actor.mu]
    json.dump({'env': a.env, 'seed': a.seed, 'activation': 'tanh hidden, tanh on the output',
               'layers': [{'W': l.weight.detach().t().reshape(-1).tolist(), 'b': l.bias.detach().tolist(),
                           'inDim': l.in_features, 'outDim': l.out_features} for l in L]}, open(path, 'w'))


os.makedirs(a.out, exist_ok=True)
if a.bench:
    o, _ = env.reset(seed=a.seed)
    for i in range(5000):
        act = env.action_space.sample(); o2, r, term, trunc, _ = env.step(act)
        B_o[i] = torch.as_tensor(o); B_a[i] = torch.as_tensor(act); B_r[i] = r; B_o2[i] = torch.as_tensor(o2); B_d[i] = float(term)
        o = o2 if not (term or trunc) else env.reset()[0]
    t0 = time.time()
    for k in range(a.bench): update(5000 + k)
    t1 = time.time()
    for k in range(a.bench):
        with torch.no_grad(): act, _, _ = actor.sample(torch.as_tensor(o, dtype=torch.float32)[None])
        o2, r, term, trunc, _ = env.step(act[0].numpy()); o = o2 if not (term or trunc) else env.reset()[0]
    t2 = time.time()
    print(f'updates/s {a.bench / (t1 - t0):.1f}  env+actor steps/s {a.bench / (t2 - t1):.1f}  '
          f'combined steps/s {a.bench / (t2 - t0):.1f}  load {os.getloadavg()}')
    raise SystemExit

env.action_space.seed(a.seed)
o, _ = env.reset(seed=a.seed)
log = open(os.path.join(a.out, 'log.csv'), 'w'); log.write('step,wall_s,eval_mean,eval_min,eval_max,alpha\n'); log.flush()
t0 = time.time(); ep_ret = 0.0
for step in range(1, N + 1):
    if step <= a.learning_starts: act = env.action_space.sample()
    else:
        with torch.no_grad(): act = actor.sample(torch.as_tensor(o, dtype=torch.float32)[None])[0][0].numpy()
    o2, r, term, trunc, _ = env.step(act)
    i = step - 1
    B_o[i] = torch.as_tensor(o); B_a[i] = torch.as_tensor(act); B_r[i] = r; B_o2[i] = torch.as_tensor(o2); B_d[i] = float(term)
    ep_ret += r
    o = o2
    if term or trunc: o, _ = env.reset(); ep_ret = 0.0
    if step > a.learning_starts: update(step)
    if step % a.eval_every == 0:
        rets = evaluate(step)
        log.write(f'{step},{time.time() - t0:.0f},{np.mean(rets):.1f},{np.min(rets):.1f},{np.max(rets):.1f},{log_alpha.exp().item():.4f}\n'); log.flush()
        save_actor(os.path.join(a.out, f'actor-{step}.json'))
