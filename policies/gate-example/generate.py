"""Writes the synthetic registration dataset of this example to stdout: no real people.

    python3 policies/gate-example/generate.py > policies/gate-example/data/registration.csv

Deterministic (its own linear congruential generator), so the file in the repository is
what this script writes.
"""

import sys

STATE = [20261130]


def draw(n):
    """A number in 0..n-1, skewed towards small values so that some groups are rare."""
    STATE[0] = (STATE[0] * 6364136223846793005 + 1442695040888963407) % (1 << 64)
    r = (STATE[0] >> 33) % (n * n)
    return int(r ** 0.5)


GIVEN = ["Amina", "Brian", "Chebet", "Dalia", "Emmanuel", "Fatuma", "Grace", "Hassan",
         "Imani", "Juma", "Kamau", "Leila", "Mercy", "Nasra", "Omar", "Pendo"]
FAMILY = ["Abdi", "Barasa", "Chege", "Deng", "Ekal", "Farah", "Gatluak", "Hussein",
          "Ibrahim", "Juba", "Kiprop", "Lokol", "Mohamed", "Nyakio", "Opiyo", "Wanjiru"]
AREAS = [("Turkana", ["Kakuma", "Lodwar", "Lokichoggio"]),
         ("Garissa", ["Dadaab", "Fafi", "Lagdera"]),
         ("Nairobi", ["Kasarani", "Eastleigh"])]
AGES = ["18-24", "25-34", "35-49", "50-59", "60+"]


def main():
    out = sys.stdout
    out.write("case,name,phone,sex,age_group,county,subcounty,registered\n")
    out.write("#respondee+code,#respondee+name,#contact+phone,#respondee+sex,"
              "#respondee+age,#adm1+name,#adm2+name,#date+registered\n")
    for i in range(1200):
        county, subs = AREAS[draw(len(AREAS))]
        sub = subs[draw(len(subs))]
        sex = ["f", "m"][draw(2)]
        age = AGES[draw(len(AGES))]
        name = f"{GIVEN[draw(16)]} {FAMILY[draw(16)]}"
        phone = f"+2547{draw(100000000):08d}"
        day = 1 + draw(28)
        month = 1 + draw(11)
        out.write(f"KE-{i + 1:05d},{name},{phone},{sex},{age},{county},{sub},"
                  f"2026-{month:02d}-{day:02d}\n")


if __name__ == "__main__":
    main()
