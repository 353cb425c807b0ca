<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ErrorText</name>
    <message numerus="yes">
        <source>At least %n character(s).</source>
        <translation>
            <numerusform>At least %n character.</numerusform>
            <numerusform>At least %n characters.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>At most %n character(s).</source>
        <translation>
            <numerusform>At most %n character.</numerusform>
            <numerusform>At most %n characters.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too long: at most %n bytes (fewer with accents and symbols).</source>
        <translation>
            <numerusform>Too long: at most %n byte (fewer with accents and symbols).</numerusform>
            <numerusform>Too long: at most %n bytes (fewer with accents and symbols).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EventTableModel</name>
    <message numerus="yes">
        <source>%n ticket(s) left</source>
        <translation>
            <numerusform>%n ticket left</numerusform>
            <numerusform>%n tickets left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PaginationBar</name>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n event</numerusform>
            <numerusform>%n events</numerusform>
        </translation>
    </message>
</context>
</TS>
