#!/usr/bin/env python3
"""The issue-3 anchor `transitions` (a bare Python state machine, no flow language), re-measured
on this machine next to flowc so the two share the machine's speed of the moment.

The same shape of work as flowc's 5-step benchmark (Benchmarks/Sources/TurnWorkload): a
greeting, a validated e-mail (re-asked when invalid), a 3-option menu, a branch, an end;
4 turns a conversation (`hola`, an invalid e-mail, a valid one, an option), 10,000
conversations interleaved 1,000 at a time, in memory, one thread. Each turn records the
inbound and outbound messages in the conversation's history, as flowc's store does.

    pip install transitions
    python3 Benchmarks/anchors/transitions_5step.py [RUNS]
"""
import re
import sys
import time

from transitions import Machine

EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
PLANS = {"1": "basic", "2": "pro", "3": "team", "basic": "basic", "pro": "pro", "team": "team"}


class Conversation:
    states = ["start", "ask_email", "pick", "ended"]

    def __init__(self):
        self.email = None
        self.plan = None
        self.history = []
        MACHINE.add_model(self)

    def say(self, text):
        self.history.append(("out", text))

    def receive(self, text):
        self.history.append(("in", text))
        if self.state == "start":
            self.say("¡Hola! Te ayudo a elegir un plan.")
            self.greet()
            self.say("¿Cuál es tu e-mail?")
        elif self.state == "ask_email":
            answer = text.strip()
            if EMAIL.match(answer):
                local, domain = answer.split("@")
                self.email = local + "@" + domain.lower()
                self.email_ok()
                self.say("¿Qué plan querés?\n1. Básico\n2. Pro\n3. Equipo")
            else:
                self.say("Ese e-mail no parece válido. Probá de nuevo, por ejemplo ana@gmail.com.")
        elif self.state == "pick":
            plan = PLANS.get(text.strip().lower())
            if plan is None:
                self.say("Elegí una opción: 1, 2 o 3.")
                return
            self.plan = plan
            self.choose()
            if plan == "team":
                self.say(f"¡Gracias! Te escribimos a {self.email} por el plan Equipo.")
            else:
                self.say(f"¡Listo! Quedaste en el plan {plan}; el comprobante va a {self.email}.")


# One machine drives every conversation (each is a model added to it): the cheap way to use
# `transitions` for many conversations.
MACHINE = Machine(model=None, states=Conversation.states, initial="start", auto_transitions=False)
MACHINE.add_transition("greet", "start", "ask_email")
MACHINE.add_transition("email_ok", "ask_email", "pick")
MACHINE.add_transition("choose", "pick", "ended")


def message(conversation, turn):
    if turn == 0:
        return "hola"
    if turn == 1:
        return "ana en gmail"
    if turn == 2:
        return f"cliente{conversation}@example.com"
    return ["1", "2", "3"][conversation % 3]


def run(conversations=10_000, window=1_000, turns=4):
    start = time.perf_counter()
    for first in range(0, conversations, window):
        batch = [Conversation() for _ in range(first, min(conversations, first + window))]
        for turn in range(turns):
            for offset, conversation in enumerate(batch):
                conversation.receive(message(first + offset, turn))
        for conversation in batch:
            assert conversation.state == "ended", conversation.state
            MACHINE.remove_model(conversation)
    return conversations * turns / (time.perf_counter() - start)


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    rates = sorted(run() for _ in range(runs))
    print("transitions 5-step, in memory: " + " ".join(f"{r:,.0f}" for r in rates)
          + f" turns/s; median {rates[len(rates) // 2]:,.0f}")
