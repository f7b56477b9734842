"""The project's MJCF models against Gymnasium's, compiled by MuJoCo itself (prints figures; not a test: CI has no
Python MuJoCo). Issue 23 item 1 asks for models written for this project after Gymnasium's, with the same bodies,
joints, masses, gears, contact and friction settings; test/unit/mujoco-*.test.ts check the compiled masses and replay
actions in the WASM build; this compares every physics field of the compiled models, name by name, with the XML
files Gymnasium ships (its v5 environments' models).

  /tmp/torchenv/bin/python bench/mujoco-gym-models.py        (a Python with mujoco and gymnasium; run from the repo)

Prints per task the fields compared, the largest difference of each that differs and a verdict; exits 1 if a
field differs by more than --tol. Drawing-only parts (lights, cameras, textures, materials, colours) are not compared:
the project's models leave them out.
"""
import argparse, os, subprocess, sys
import numpy as np
import mujoco
import gymnasium

TASKS = [  # (our export, its module, Gymnasium's asset)
    ('INVERTED_PENDULUM_XML', 'inverted-pendulum', 'inverted_pendulum.xml'),
    ('INVERTED_DOUBLE_PENDULUM_XML', 'inverted-double-pendulum', 'inverted_double_pendulum.xml'),
    ('HOPPER_XML', 'hopper', 'hopper.xml'),
    ('HALF_CHEETAH_XML', 'half-cheetah', 'half_cheetah.xml'),
    ('WALKER2D_XML', 'walker2d', 'walker2d_v5.xml'),
    ('ANT_XML', 'ant', 'ant.xml'),
]

# Physics fields, by object kind (each row of an object is matched by the object's name).
FIELDS = {
    mujoco.mjtObj.mjOBJ_BODY: ['body_parentid', 'body_pos', 'body_quat', 'body_ipos', 'body_iquat', 'body_mass', 'body_inertia', 'body_gravcomp'],
    mujoco.mjtObj.mjOBJ_JOINT: ['jnt_type', 'jnt_bodyid', 'jnt_pos', 'jnt_axis', 'jnt_stiffness', 'jnt_limited', 'jnt_range', 'jnt_margin', 'qpos0', 'dof_armature', 'dof_damping', 'dof_frictionloss'],
    mujoco.mjtObj.mjOBJ_GEOM: ['geom_type', 'geom_bodyid', 'geom_condim', 'geom_priority', 'geom_size', 'geom_pos', 'geom_quat', 'geom_friction', 'geom_solref', 'geom_solimp', 'geom_margin', 'geom_gap', 'geom_solmix'],
    mujoco.mjtObj.mjOBJ_ACTUATOR: ['actuator_trntype', 'actuator_trnid', 'actuator_gear', 'actuator_ctrllimited', 'actuator_ctrlrange', 'actuator_forcelimited', 'actuator_forcerange', 'actuator_gainprm', 'actuator_biasprm', 'actuator_dyntype'],
}
OPTIONS = ['timestep', 'gravity', 'integrator', 'cone', 'jacobian', 'solver', 'iterations', 'tolerance', 'impratio', 'wind', 'density', 'viscosity']
# Rows of these index other objects: compared as the names they point at.
REFS = {'body_parentid': mujoco.mjtObj.mjOBJ_BODY, 'jnt_bodyid': mujoco.mjtObj.mjOBJ_BODY, 'geom_bodyid': mujoco.mjtObj.mjOBJ_BODY}
SIZE = {mujoco.mjtObj.mjOBJ_BODY: 'nbody', mujoco.mjtObj.mjOBJ_JOINT: 'njnt', mujoco.mjtObj.mjOBJ_GEOM: 'ngeom', mujoco.mjtObj.mjOBJ_ACTUATOR: 'nu'}


def names(m, kind):
    return [mujoco.mj_id2name(m, kind, i) or f'#{i}' for i in range(getattr(m, SIZE[kind]))]


def rows(m, kind, field):
    a = np.asarray(getattr(m, field))
    if field.startswith('dof_') or field == 'qpos0':  # per dof / per qpos: the joint's slice (free joints: 6 / 7)
        adr = m.jnt_dofadr if field.startswith('dof_') else m.jnt_qposadr
        width = {0: 6 if field.startswith('dof_') else 7, 1: 3 if field.startswith('dof_') else 4, 2: 1, 3: 1}
        return [np.atleast_1d(a[adr[j]:adr[j] + width[int(m.jnt_type[j])]]) for j in range(m.njnt)]
    a = a.reshape(getattr(m, SIZE[kind]), -1)
    if field in REFS:
        ns = names(m, REFS[field])
        return [ns[int(r[0])] for r in a]
    return list(a)


def compare(ours, gym, tol):
    bad, lines = 0, []
    for kind, fields in FIELDS.items():
        a_names, b_names = names(ours, kind), names(gym, kind)
        if kind == mujoco.mjtObj.mjOBJ_GEOM:  # unnamed geoms (the hopper's): matched in order within each body
            a_names = [f'{n}' if not n.startswith('#') else f'{mujoco.mj_id2name(ours, mujoco.mjtObj.mjOBJ_BODY, int(ours.geom_bodyid[i]))}/{i - int(np.argmax(ours.geom_bodyid == ours.geom_bodyid[i]))}' for i, n in enumerate(a_names)]
            b_names = [f'{n}' if not n.startswith('#') else f'{mujoco.mj_id2name(gym, mujoco.mjtObj.mjOBJ_BODY, int(gym.geom_bodyid[i]))}/{i - int(np.argmax(gym.geom_bodyid == gym.geom_bodyid[i]))}' for i, n in enumerate(b_names)]
        if kind == mujoco.mjtObj.mjOBJ_ACTUATOR:  # Gymnasium's motors are unnamed: known by the joint they drive
            a_names = [mujoco.mj_id2name(ours, mujoco.mjtObj.mjOBJ_JOINT, int(j)) for j in ours.actuator_trnid[:, 0]]
            b_names = [mujoco.mj_id2name(gym, mujoco.mjtObj.mjOBJ_JOINT, int(j)) for j in gym.actuator_trnid[:, 0]]
        if sorted(a_names) != sorted(b_names):
            bad += 1
            lines.append(f'  {SIZE[kind]}: names differ: ours only {sorted(set(a_names) - set(b_names))}, Gymnasium only {sorted(set(b_names) - set(a_names))}')
            continue
        where = {n: i for i, n in enumerate(b_names)}
        for f in fields:
            ra, rb = rows(ours, kind, f), rows(gym, kind, f)
            worst, at = 0.0, ''
            for i, n in enumerate(a_names):
                x, y = ra[i], rb[where[n]]
                if isinstance(x, str):
                    d = 0.0 if x == y else np.inf
                else:
                    d = float(np.max(np.abs(np.asarray(x, float) - np.asarray(y, float)))) if np.size(x) else 0.0
                if d > worst:
                    worst, at = d, f'{n}: ours {x}, Gymnasium {y}'
            if worst > tol:
                bad += 1
                lines.append(f'  {f}: largest difference {worst:.3g} ({at})')
    # Contact filtering as MuJoCo applies it (a pair collides if contype & conaffinity in either direction), not the
    # bits themselves: the pendulums' models write contype 0 everywhere with conaffinity 0, Gymnasium's with 1 (no pair).
    def pairs(m, label):
        out = set()
        for i in range(m.ngeom):
            for j in range(i + 1, m.ngeom):
                if (m.geom_contype[i] & m.geom_conaffinity[j]) or (m.geom_contype[j] & m.geom_conaffinity[i]):
                    out.add(tuple(sorted((label(m, i), label(m, j)))))
        return out
    label = lambda m, i: mujoco.mj_id2name(m, mujoco.mjtObj.mjOBJ_GEOM, i) or f'{mujoco.mj_id2name(m, mujoco.mjtObj.mjOBJ_BODY, int(m.geom_bodyid[i]))}/{i - int(np.argmax(m.geom_bodyid == m.geom_bodyid[i]))}'
    pa, pb = pairs(ours, label), pairs(gym, label)
    if pa != pb:
        bad += 1
        lines.append(f'  colliding geom pairs: ours only {sorted(pa - pb)}, Gymnasium only {sorted(pb - pa)}')
    for f in OPTIONS:
        d = float(np.max(np.abs(np.asarray(getattr(ours.opt, f), float) - np.asarray(getattr(gym.opt, f), float))))
        if d > tol:
            bad += 1
            lines.append(f'  opt.{f}: {getattr(ours.opt, f)} against {getattr(gym.opt, f)}')
    return bad, lines


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--tol', type=float, default=1e-6)
    a = p.parse_args()
    assets = os.path.join(os.path.dirname(gymnasium.__file__), 'envs', 'mujoco', 'assets')
    print(f'MuJoCo {mujoco.__version__}, Gymnasium {gymnasium.__version__}; tolerance {a.tol}')
    failed = 0
    for export, module, asset in TASKS:
        xml = subprocess.run(['npx', 'tsx', '-e', f"import {{ {export} }} from './src/core/mujoco/models/{module}'; process.stdout.write({export});"],
                             check=True, capture_output=True, text=True).stdout
        ours, gym = mujoco.MjModel.from_xml_string(xml), mujoco.MjModel.from_xml_path(os.path.join(assets, asset))
        bad, lines = compare(ours, gym, a.tol)
        count = sum(len(f) for f in FIELDS.values()) + len(OPTIONS) + 1  # + the colliding pairs
        print(f'{asset}: {ours.nbody} bodies, {ours.njnt} joints, {ours.ngeom} geoms, {ours.nu} actuators; {count} fields; '
              f'total mass {ours.body_mass.sum():.6f} (Gymnasium {gym.body_mass.sum():.6f}): {"same" if bad == 0 else f"{bad} differ"}')
        for line in lines:
            print(line)
        failed += bad > 0
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
