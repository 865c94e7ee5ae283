#!/bin/sh
# Writes the small exports that the keten import tests read.  The files are committed;
# this script says how their bytes were made (Windows-1252 bytes, byte-order marks and
# CRLF line ends are hard to see in an editor).  Run it from this folder.  Bytes are
# written as octal escapes, the only ones POSIX printf knows: \200 is 0x80 (the euro
# sign in Windows-1252), \353 is 0xEB (e-diaeresis), \357\273\277 a UTF-8 byte-order
# mark, \342\202\254 the euro sign and \303\253 e-diaeresis in UTF-8.
set -eu
LC_ALL=C
export LC_ALL

# A municipal export saved by Excel: Windows-1252 (0x80 is the euro sign, 0xEB is
# e-diaeresis), ';', CRLF, dates dd-mm-jjjj and d-m-jjjj, amounts in Dutch notation.
printf 'Dossiernummer;Fase;Datum;Organisatie;Gemeente;Crisis;Schuld\r\n' >export-cp1252.csv
printf '2024-001;Aanmelding;04-03-2024;Schuldhulpverlening Leeuwarden;Leeuwarden;nee;\200 12.345,67\r\n' >>export-cp1252.csv
printf '2024-001;Eerste gesprek;11-03-2024;Schuldhulpverlening Leeuwarden;Leeuwarden;nee;\200 12.345,67\r\n' >>export-cp1252.csv
printf '2024-002;Aanmelding;5-3-2024;Stichting Re\353le Hulp;Leeuwarden;ja;\200 980,-\r\n' >>export-cp1252.csv
printf '2024-002;Eerste gesprek;7-3-2024;Stichting Re\353le Hulp;Leeuwarden;ja;\200 980,-\r\n' >>export-cp1252.csv

# The same export in UTF-8 with a byte-order mark, ',' and LF.
printf '\357\273\277Dossiernummer,Fase,Datum,Organisatie,Gemeente,Crisis,Schuld\n' >export-bom.csv
printf '2024-001,Aanmelding,04-03-2024,Schuldhulpverlening Leeuwarden,Leeuwarden,nee,"\342\202\254 12.345,67"\n' >>export-bom.csv
printf '2024-002,Aanmelding,5-3-2024,Stichting Re\303\253le Hulp,Leeuwarden,ja,"\342\202\254 980,-"\n' >>export-bom.csv

# UTF-8 with one line that a Windows program added in Windows-1252.
printf 'Dossiernummer;Fase;Datum;Organisatie\n' >export-mixed.csv
printf '2024-001;Aanmelding;04-03-2024;Stichting Re\303\253le Hulp\n' >>export-mixed.csv
printf '2024-002;Aanmelding;05-03-2024;Stichting Re\353le Hulp\n' >>export-mixed.csv
printf '2024-003;Aanmelding;06-03-2024;Caf\303\251 De Schuld \342\202\254\n' >>export-mixed.csv

# Excel's sep= first line, CRLF, and a date that does not exist on line 5.
printf 'sep=;\r\n' >export-sep.csv
printf 'Klantnummer;Status;Begindatum;Woonplaats\r\n' >>export-sep.csv
printf 'K1;aanmelding;02-01-2025;Groningen\r\n' >>export-sep.csv
printf 'K1;intake;15-01-2025;Groningen\r\n' >>export-sep.csv
printf 'K2;aanmelding;31-02-2025;Groningen\r\n' >>export-sep.csv
printf 'K2;intake;03-03-2025;Groningen\r\n' >>export-sep.csv

# Quoted fields holding the delimiter, quotes and line breaks (CRLF inside, CRLF
# between records); the record of K3 starts on line 8 and has a bad date.
printf 'Dossier;Fase;Datum;Opmerking\r\n' >export-quoted.csv
printf 'K1;aanmelding;02-01-2025;"schulden; huur en energie"\r\n' >>export-quoted.csv
printf 'K1;intake;15-01-2025;"zei: ""kom maar terug"" en\r\nbelde niet"\r\n' >>export-quoted.csv
printf 'K2;aanmelding;"03-01-2025";"drie\r\nregels\r\nlang"\r\n' >>export-quoted.csv
printf 'K3;aanmelding;32-01-2025;"nog een; met\r\nregel"\r\n' >>export-quoted.csv
printf 'K3;intake;"04-02-2025";\r\n' >>export-quoted.csv

# A MAXQDA export of coded segments saved through Excel: ';', Windows-1252, CRLF,
# code paths with a backslash.
printf 'Color;Document group;Document name;Code;Begin;End;Weight score;Segment;Created by;Created\r\n' >maxqda.csv
printf '#ff0000;Hulpvragers;Interview 01;Knelpunten\\wachttijd_gesprek;12;12;80;"Ik wachtte zes weken op een gesprek.";AB;04-03-2024 10:12\r\n' >>maxqda.csv
printf '#ff0000;Hulpvragers;Interview 01;Knelpunten\\schaamte;3;4;100;"Ik durfde het aan niemand te vertellen; ook niet aan mijn zus.";AB;04-03-2024 10:15\r\n' >>maxqda.csv
printf '#00ff00;Vrijwilligers;Interview 02;Successen\\warme_overdracht;7;7;0;"We liepen samen naar het loket, dat scheelde \200 200 aan boetes.";CD;05-03-2024 09:00\r\n' >>maxqda.csv

# An ATLAS.ti quotation export: ',', UTF-8, several codes in one cell (one per line).
printf 'ID,Quotation Name,Document,Codes,Quotation Content,Created by\n' >atlas.csv
printf '1:1,Wachten,D1: Interview Hulpvrager 1,"wachttijd_gesprek\nuitval_voor_intake","Na zes weken had ik het opgegeven.",Coder A\n' >>atlas.csv
printf '1:2,Schaamte,D1: Interview Hulpvrager 1,schaamte,"Ik schaamde me kapot, echt.",Coder A\n' >>atlas.csv
printf '2:1,Zonder code,D2: Interview Vrijwilliger 1,,"Hier viel niets te coderen.",Coder B\n' >>atlas.csv
printf '2:2,Niet weten,D2: Interview Vrijwilliger 1,verwijsroute_onduidelijk,"Waar moet je heen? Geen idee.",Coder B\n' >>atlas.csv

# A QualCoder coding export: UTF-8 with a byte-order mark, every field quoted, and a
# header name that comes twice.
printf '\357\273\277"Codename","File","Coder","Coded","Memo","Memo"\n' >qualcoder.csv
printf '"Knelpunten>drempels_aanmelding","Interview 03","jan","Al die formulieren, dat is \303\251\303\251n grote drempel.","",""\n' >>qualcoder.csv
printf '"Knelpunten>Toegang>wachttijd_gesprek","Interview 03","jan","Vier weken, zeiden ze. Het werden er acht.","lang","check"\n' >>qualcoder.csv
printf '"geen_terugkoppeling","Interview 04","piet","We hoorden nooit meer iets terug.","",""\n' >>qualcoder.csv
