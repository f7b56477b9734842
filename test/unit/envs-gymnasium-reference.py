"""Reference trajectories for test/unit/envs-gymnasium.test.ts.

The step() bodies below are Gymnasium's classic-control code (Gymnasium 3f0476a8,
gymnasium/envs/classic_control/{cartpole,pendulum,continuous_mountain_car,acrobot}.py), copied with the
hard-coded constants turned into attributes so they can be perturbed. Run:

    python3 test/unit/envs-gymnasium-reference.py > test/unit/envs-gymnasium-reference.json

MountainCarContinuous: the step arithmetic is done on Python floats (NumPy 1.x scalar semantics); the state
is stored as float32 after every step, as Gymnasium does.
"""
import json
import math

import numpy as np
from numpy import cos, pi, sin


class CartPole:
    def __init__(self, gravity=9.8, masscart=1.0, masspole=0.1, length=0.5, force_mag=10.0):
        self.gravity = gravity
        self.masscart = masscart
        self.masspole = masspole
        self.total_mass = self.masspole + self.masscart
        self.length = length
        self.polemass_length = self.masspole * self.length
        self.force_mag = force_mag
        self.tau = 0.02
        self.theta_threshold_radians = 12 * 2 * math.pi / 360
        self.x_threshold = 2.4

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state
        force = self.force_mag if action == 1 else -self.force_mag
        costheta = np.cos(theta)
        sintheta = np.sin(theta)
        temp = (force + self.polemass_length * np.square(theta_dot) * sintheta) / self.total_mass
        thetaacc = (self.gravity * sintheta - costheta * temp) / (
            self.length * (4.0 / 3.0 - self.masspole * np.square(costheta) / self.total_mass)
        )
        xacc = temp - self.polemass_length * thetaacc * costheta / self.total_mass
        x = x + self.tau * x_dot
        x_dot = x_dot + self.tau * xacc
        theta = theta + self.tau * theta_dot
        theta_dot = theta_dot + self.tau * thetaacc
        self.state = np.array((x, x_dot, theta, theta_dot), dtype=np.float64)
        terminated = bool(
            x < -self.x_threshold or x > self.x_threshold
            or theta < -self.theta_threshold_radians or theta > self.theta_threshold_radians
        )
        return np.array(self.state, dtype=np.float32), 1.0, terminated


def angle_normalize(x):
    return ((x + np.pi) % (2 * np.pi)) - np.pi


class Pendulum:
    def __init__(self, g=10.0, m=1.0, l=1.0, max_torque=2.0):
        self.max_speed = 8
        self.max_torque = max_torque
        self.dt = 0.05
        self.g = g
        self.m = m
        self.l = l

    def step(self, u):
        th, thdot = self.state
        g, m, l, dt = self.g, self.m, self.l, self.dt
        u = np.clip(u, -self.max_torque, self.max_torque)[0]
        costs = angle_normalize(th) ** 2 + 0.1 * thdot**2 + 0.001 * (u**2)
        newthdot = thdot + (3 * g / (2 * l) * np.sin(th) + 3.0 / (m * l**2) * u) * dt
        newthdot = np.clip(newthdot, -self.max_speed, self.max_speed)
        newth = th + newthdot * dt
        self.state = np.array([newth, newthdot])
        theta, thetadot = self.state
        return np.array([np.cos(theta), np.sin(theta), thetadot], dtype=np.float32), -costs, False


class MountainCarContinuous:
    def __init__(self, power=0.0015, gravity=0.0025):
        self.min_action, self.max_action = -1.0, 1.0
        self.min_position, self.max_position = -1.2, 0.6
        self.max_speed = 0.07
        self.goal_position = 0.45
        self.goal_velocity = 0
        self.power = power
        self.gravity = gravity

    def step(self, action):
        position = float(self.state[0])
        velocity = float(self.state[1])
        force = min(max(action[0], self.min_action), self.max_action)
        velocity += force * self.power - self.gravity * math.cos(3 * position)
        if velocity > self.max_speed:
            velocity = self.max_speed
        if velocity < -self.max_speed:
            velocity = -self.max_speed
        position += velocity
        if position > self.max_position:
            position = self.max_position
        if position < self.min_position:
            position = self.min_position
        if position == self.min_position and velocity < 0:
            velocity = 0
        terminated = bool(position >= self.goal_position and velocity >= self.goal_velocity)
        reward = 0
        if terminated:
            reward = 100.0
        reward -= math.pow(action[0], 2) * 0.1
        self.state = np.array([position, velocity], dtype=np.float32)
        return self.state, reward, terminated


class Acrobot:
    dt = 0.2
    MAX_VEL_1 = 4 * pi
    MAX_VEL_2 = 9 * pi
    AVAIL_TORQUE = [-1.0, 0.0, +1]

    def __init__(self, link_mass_1=1.0, link_mass_2=1.0, link_length_1=1.0, link_com_pos_1=0.5,
                 link_com_pos_2=0.5, link_moi_1=1.0, link_moi_2=1.0, gravity=9.8, torque_scale=1.0):
        self.LINK_MASS_1, self.LINK_MASS_2, self.LINK_LENGTH_1 = link_mass_1, link_mass_2, link_length_1
        self.LINK_COM_POS_1, self.LINK_COM_POS_2 = link_com_pos_1, link_com_pos_2
        self.I1, self.I2, self.g, self.torque_scale = link_moi_1, link_moi_2, gravity, torque_scale

    def step(self, a):
        s = self.state
        torque = self.AVAIL_TORQUE[a] * self.torque_scale
        s_augmented = np.append(s, torque)
        ns = rk4(self._dsdt, s_augmented, [0, self.dt])
        ns[0] = wrap(ns[0], -pi, pi)
        ns[1] = wrap(ns[1], -pi, pi)
        ns[2] = bound(ns[2], -self.MAX_VEL_1, self.MAX_VEL_1)
        ns[3] = bound(ns[3], -self.MAX_VEL_2, self.MAX_VEL_2)
        self.state = ns
        terminated = bool(-cos(ns[0]) - cos(ns[1] + ns[0]) > 1.0)
        reward = -1.0 if not terminated else 0.0
        ob = np.array([cos(ns[0]), sin(ns[0]), cos(ns[1]), sin(ns[1]), ns[2], ns[3]], dtype=np.float32)
        return ob, reward, terminated

    def _dsdt(self, s_augmented):
        m1, m2, l1 = self.LINK_MASS_1, self.LINK_MASS_2, self.LINK_LENGTH_1
        lc1, lc2, I1, I2, g = self.LINK_COM_POS_1, self.LINK_COM_POS_2, self.I1, self.I2, self.g
        a = s_augmented[-1]
        s = s_augmented[:-1]
        theta1, theta2, dtheta1, dtheta2 = s[0], s[1], s[2], s[3]
        d1 = m1 * lc1**2 + m2 * (l1**2 + lc2**2 + 2 * l1 * lc2 * cos(theta2)) + I1 + I2
        d2 = m2 * (lc2**2 + l1 * lc2 * cos(theta2)) + I2
        phi2 = m2 * lc2 * g * cos(theta1 + theta2 - pi / 2.0)
        phi1 = (
            -m2 * l1 * lc2 * dtheta2**2 * sin(theta2)
            - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin(theta2)
            + (m1 * lc1 + m2 * l1) * g * cos(theta1 - pi / 2)
            + phi2
        )
        ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * dtheta1**2 * sin(theta2) - phi2) / (
            m2 * lc2**2 + I2 - d2**2 / d1
        )
        ddtheta1 = -(d2 * ddtheta2 + phi1) / d1
        return dtheta1, dtheta2, ddtheta1, ddtheta2, 0.0


def wrap(x, m, M):
    diff = M - m
    while x > M:
        x = x - diff
    while x < m:
        x = x + diff
    return x


def bound(x, m, M):
    return min(max(x, m), M)


def rk4(derivs, y0, t):
    yout = np.zeros((len(t), len(y0)), np.float64)
    yout[0] = y0
    for i in np.arange(len(t) - 1):
        this = t[i]
        dt = t[i + 1] - this
        dt2 = dt / 2.0
        y0 = yout[i]
        k1 = np.asarray(derivs(y0))
        k2 = np.asarray(derivs(y0 + dt2 * k1))
        k3 = np.asarray(derivs(y0 + dt2 * k2))
        k4 = np.asarray(derivs(y0 + dt * k3))
        yout[i + 1] = y0 + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
    return yout[-1][:4]


def run(env_id, cls, params, state, actions, float32_state=False):
    env = cls(**params)
    env.state = np.array(state, dtype=np.float32 if float32_state else np.float64)
    steps = []
    for a in actions:
        act = np.array(a, dtype=np.float64) if isinstance(a, list) else a
        ob, r, term = env.step(act)
        steps.append({
            "observation": [float(v) for v in ob],
            "reward": float(r),
            "terminated": term,
            "state": [float(v) for v in env.state],
        })
        if term:
            break
    return {"envId": env_id, "params": params, "state": state, "actions": actions, "steps": steps}


rng = np.random.default_rng(20261124)
cases = []
# CartPole: nominal and perturbed pseudo-random pushes; a run into the x threshold.
cp_actions = [int(v) for v in rng.integers(0, 2, 60)]
cases.append(run("CartPole-v1", CartPole, {}, [0.01, -0.02, 0.03, -0.04], cp_actions))
cases.append(run("CartPole-v1", CartPole, {"gravity": 11.0, "masscart": 1.5, "masspole": 0.5, "length": 1.2, "force_mag": 7.0},
                 [-0.03, 0.1, -0.05, 0.2], cp_actions))
cases.append(run("CartPole-v1", CartPole, {}, [2.3, 1.5, 0.0, 0.0], [1] * 20))
cases.append(run("CartPole-v1", CartPole, {"masspole": 0.3}, [0.0, 0.0, 0.15, 0.5], [1] * 20))
# Pendulum: unclipped and clipped torques, unwrapped theta, speed clip.
pd_actions = [[float(v)] for v in rng.uniform(-3, 3, 80)]
cases.append(run("Pendulum-v1", Pendulum, {}, [2.5, -1.3], pd_actions))
cases.append(run("Pendulum-v1", Pendulum, {"g": 15.0, "m": 0.7, "l": 1.3, "max_torque": 1.5}, [-2.9, 0.4], pd_actions))
cases.append(run("Pendulum-v1", Pendulum, {}, [7.0, 7.9], [[2.0]] * 10 + [[-7.5]] * 10))
# MountainCarContinuous: unclipped action penalty, goal, inelastic left wall, perturbed.
mc_actions = [[float(v)] for v in rng.uniform(-1.6, 1.6, 120)]
cases.append(run("MountainCarContinuous-v0", MountainCarContinuous, {}, [-0.5234, 0.0], mc_actions))
cases.append(run("MountainCarContinuous-v0", MountainCarContinuous, {"power": 0.0021, "gravity": 0.0031}, [-0.43, 0.012], mc_actions))
cases.append(run("MountainCarContinuous-v0", MountainCarContinuous, {}, [0.40, 0.06], [[1.7]] * 5))
cases.append(run("MountainCarContinuous-v0", MountainCarContinuous, {}, [-1.15, -0.065], [[-1.0]] * 6 + [[0.3]] * 4))
# Acrobot: pseudo-random torques, nominal and perturbed; wrap and clip from a fast state.
ac_actions = [int(v) for v in rng.integers(0, 3, 100)]
cases.append(run("Acrobot-v1", Acrobot, {}, [0.05, -0.03, 0.02, 0.01], ac_actions))
cases.append(run("Acrobot-v1", Acrobot, {"link_mass_1": 1.2, "link_mass_2": 2.0, "link_length_1": 1.1, "link_com_pos_1": 0.45,
                                        "link_com_pos_2": 0.6, "link_moi_1": 0.8, "link_moi_2": 1.4, "gravity": 14.7, "torque_scale": 1.3},
                 [0.05, -0.03, 0.02, 0.01], ac_actions))
cases.append(run("Acrobot-v1", Acrobot, {}, [-3.0, 3.0, -12.0, 27.0], [2, 2, 0, 1, 2]))
cases.append(run("Acrobot-v1", Acrobot, {}, [2.0, 0.5, 2.5, 1.0], [2] * 10))
print(json.dumps({"generator": "test/unit/envs-gymnasium-reference.py", "numpy": np.__version__, "cases": cases}))
