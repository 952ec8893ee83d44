"""The administration's answer to Mål och budget 2027 in the demo: the verksamhetsplaner of barn-
och utbildningsnämnden and socialnämnden, written by their förvaltningschefer through
tillit.budget.services.operational_plan_save. They say HOW: activities and milestones for the
grunduppdrag and for each assignment the budget funds. All content is invented."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from tillit.organisation.models import Body, Municipality

YEAR = 2027

# body -> (chief's login, how the grunduppdrag is carried out, {assignment title: (activities,
# milestones)}); the grunduppdrag's own activities and milestones are under the key None.
PLANS = {
    "bun": (
        "forvaltningschef-bun",
        "Barn- och utbildningsförvaltningen genomför grunduppdraget genom att varje förskola och "
        "skola följer upp barnens och elevernas lärande terminsvis och sätter in stöd tidigt. "
        "Rektorerna leder arbetet; förvaltningen ger dem underlag, kompetensutveckling och "
        "elevhälsa.\n\nUnder 2027 prioriterar vi tre saker: läsning och matematik i de tidiga "
        "åren, närvaron i grundskolan och samarbetet med socialtjänsten kring barn som behöver "
        "stöd från båda. Effektiviseringskravet på 4 mnkr möts genom att lokaler som står tomma "
        "sägs upp eller hyrs ut, inte genom större barngrupper.",
        {
            None: (
                "Kartläggning av läsförmågan i förskoleklass och årskurs 1 med uppföljande "
                "insatser.\nGemensam modell för tidiga stödinsatser på alla skolor.\n"
                "Uppföljning av kunskapsresultaten per skola efter varje termin, redovisad för "
                "nämnden.",
                "Mars 2027: kartläggningen av läsförmågan är genomförd.\n"
                "Juni 2027: resultatdialog med alla rektorer.\n"
                "Oktober 2027: kvalitetsrapport till nämnden.",
            ),
            "Fler elever behöriga till gymnasiet": (
                "Studiehandledning på modersmålet och lovskola för elever i årskurs 7–9 som "
                "riskerar att inte nå behörighet.\nFörstelärare i matematik och svenska på "
                "varje högstadieskola leder kollegialt lärande.\nVarje elev i årskurs 8 som "
                "saknar godkända betyg i ett kärnämne får en individuell plan.",
                "Februari 2027: alla elever i riskzonen har en plan.\n"
                "Juni 2027: lovskola genomförd; behörigheten redovisas (mål 78 %).\n"
                "Augusti 2027: delrapport i delårsrapporten.",
            ),
            "Tidiga insatser för barn och unga i samverkan": (
                "Gemensamt team av skolkurator, familjebehandlare och elevhälsans psykolog för "
                "elever med hög frånvaro.\nGemensam rutin för orosanmälan och uppföljning.\n"
                "Barn- och utbildningsförvaltningen leder arbetet; socialförvaltningen bidrar "
                "med familjebehandlare.",
                "April 2027: teamet är i gång på två skolor.\n"
                "Augusti 2027: teamet når alla grundskolor; första uppföljning.\n"
                "December 2027: utvärdering av antalet placeringar och av närvaron.",
            ),
        },
    ),
    "sn": (
        "forvaltningschef-sn",
        "Socialförvaltningen genomför grunduppdraget med brukaren i centrum: insatserna "
        "utformas tillsammans med den enskilde och följs upp minst två gånger per år. "
        "Verksamheterna är äldreomsorg, individ- och familjeomsorg och funktionsstöd.\n\n"
        "Ekonomin är vår största utmaning. Under 2027 ska underskottet halveras och 2028 vara "
        "borta. Effektiviseringskravet på 5 mnkr nås främst genom mindre inhyrd personal och "
        "genom att fler medarbetare arbetar heltid.",
        {
            None: (
                "Brukarundersökning i hemtjänsten och på särskilda boenden, med handlingsplan per "
                "enhet.\nHeltid som norm: alla nyanställda erbjuds heltid.\n"
                "Månatlig ekonomisk uppföljning per enhet med enhetschef och controller.",
                "Mars 2027: handlingsplaner utifrån brukarundersökningen.\n"
                "Maj 2027: prognos efter april till nämnden.\n"
                "Augusti 2027: delårsrapport med brukarbedömningen (mål 88 %).",
            ),
            "Tidiga insatser för barn och unga i samverkan": (
                "Två familjebehandlare ingår i det gemensamma teamet med barn- och "
                "utbildningsförvaltningen, som leder arbetet.\nFörebyggande öppenvård för "
                "familjer i stället för placering, när det är möjligt.\nGemensam uppföljning av "
                "placeringarna varje kvartal.",
                "April 2027: familjebehandlarna arbetar i teamet.\n"
                "September 2027: första kvartalsuppföljningen av placeringarna till nämnden.\n"
                "December 2027: gemensam utvärdering med barn- och utbildningsnämnden.",
            ),
            "Äldreomsorg med ekonomi i balans": (
                "Fyra sjuksköterskor med utbildningsanställning ersätter inhyrda från januari.\n"
                "Gemensam bemanningsenhet för äldreomsorgen planerar vikarier.\n"
                "Översyn av nattbemanningen på de särskilda boendena.",
                "Januari 2027: bemanningsenheten är i gång.\n"
                "Juni 2027: kostnaden för inhyrd personal är högst 1,5 mnkr för halvåret.\n"
                "December 2027: underskottet är högst hälften av 2026 års.",
            ),
        },
    ),
}


def plans_demo_load(*, municipality: Municipality) -> None:
    from tillit.budget.selectors import operational_plan_view
    from tillit.budget.services import operational_plan_save

    User = get_user_model()
    for slug, (login, mission_how, texts) in PLANS.items():
        body = Body.objects.get(municipality=municipality, slug=slug)
        view = operational_plan_view(municipality=municipality, body=body, year=YEAR)
        items = {}
        for assignment, _item in view.rows:
            key = None if assignment.pk == view.mission_assignment_id else assignment.title
            if key in texts:
                activities, milestones = texts[key]
                items[assignment.pk] = {"activities": activities, "milestones": milestones}
        operational_plan_save(
            actor=User.objects.get(username=login),
            body=body,
            year=YEAR,
            mission_how=mission_how,
            items=items,
        )
