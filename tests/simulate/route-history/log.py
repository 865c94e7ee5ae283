# A log in which the route out of doorverwijzing depends on where the case came from:
# 40 cases go informeel -> doorverwijzing -> aanmelding -> uitstroom, and 40 go
# signaal -> doorverwijzing -> uitstroom, one of each a week from 6 January 2025 (README).
from datetime import date, timedelta

print("case,stage,date,urgent")
d0 = date(2025, 1, 6)
for i in range(40):
    a = d0 + timedelta(7 * i)
    for stage, off in (("informeel", 0), ("doorverwijzing", 10), ("aanmelding", 15),
                       ("uitstroom", 20)):
        print("I%02d,%s,%s,0" % (i, stage, a + timedelta(off)))
    b = a + timedelta(3)
    for stage, off in (("signaal", 0), ("doorverwijzing", 10), ("uitstroom", 15)):
        print("S%02d,%s,%s,0" % (i, stage, b + timedelta(off)))
