"""Paragraph contents for the written protocols of the DEV part (see written.py).

Invented content; the held-out part draws from cases_heldout.py, written separately, so no
sentence is shared between the two parts. Each case: title, dnr, intro, optional proposal
(a "Förslag till beslut" that is not the decision), optional yrkanden, and the decision as a
list of att-satser (rendered as a list or as prose by the layout). {body} is the meeting's
body in the nominative ("Kommunstyrelsen"), {bodys} its genitive ("Kommunstyrelsens").
"""

CASES = [
    dict(
        title="Val av justerare",
        intro="Ordföranden föreslår att {j} justerar dagens protokoll.",
        decision=["{j} utses att jämte ordföranden justera protokollet."],
    ),
    dict(
        title="Fastställande av dagordning",
        intro="Förslag till dagordning har skickats ut med kallelsen.",
        decision=["Dagordningen fastställs med tillägg av ärendet om vinterväghållning."],
    ),
    dict(
        title="Anmälan av delegationsbeslut",
        intro="Förteckning över beslut fattade med stöd av delegation under perioden "
        "januari–februari redovisas.",
        decision=["Redovisningen av delegationsbeslut godkänns och läggs till handlingarna."],
    ),
    dict(
        title="Meddelanden",
        intro="Inkomna skrivelser, cirkulär och protokoll från andra organ redovisas enligt "
        "bilaga. Bland dem finns protokoll från kommunstyrelsens arbetsutskott § 12/2024.",
        decision=["Meddelandena läggs till handlingarna."],
    ),
    dict(
        title="Lokalförsörjningsplan för förskolan 2025–2030",
        dnr="2024/112",
        intro="Antalet barn i förskoleåldern väntas öka med cirka 140 barn i tätorten fram "
        "till 2030. Nuvarande lokaler räcker inte och två paviljonger har tidsbegränsat "
        "bygglov som löper ut 2026.",
        decision=[
            "godkänna redovisningen av behovet av förskoleplatser",
            "uppdra åt barn- och utbildningsnämnden att ta fram en lokalförsörjningsplan för "
            "förskolan 2025–2030 och redovisa den senast den 30 november 2024",
        ],
    ),
    dict(
        title="Medborgarförslag om belysning vid elljusspåret",
        dnr="2023/845",
        intro="Ett medborgarförslag föreslår att belysningen vid elljusspåret förlängs till "
        "klockan 22.00 under vinterhalvåret. Kultur- och fritidsförvaltningen har yttrat sig "
        "och bedömer kostnaden till 35 000 kronor per år.",
        decision=[
            "bifalla medborgarförslaget",
            "ge kultur- och fritidsnämnden i uppdrag att förlänga belysningstiden från och med "
            "vintersäsongen 2024/2025 inom befintlig budgetram",
        ],
    ),
    dict(
        title="Motion om fler laddstolpar vid kommunens arbetsplatser",
        dnr="2023/610",
        intro="I en motion föreslås att kommunen installerar laddstolpar vid samtliga "
        "kommunala arbetsplatser med fler än 20 anställda.",
        proposal=[
            "uppdra åt samhällsbyggnadsförvaltningen att installera laddstolpar vid samtliga "
            "arbetsplatser under 2024",
        ],
        yrkanden="Ordföranden yrkar att motionen ska anses besvarad. Ledamot i oppositionen "
        "yrkar bifall till förslaget om att uppdra åt samhällsbyggnadsförvaltningen att "
        "installera laddstolpar. Ordföranden ställer förslagen mot varandra och finner att "
        "{body} beslutar enligt ordförandens yrkande.",
        decision=["motionen anses besvarad"],
    ),
    dict(
        title="Uppföljning av uppdrag om digital nämndhantering",
        dnr="2022/301",
        intro="{body} gav 2022 kommundirektören i uppdrag att införa digital nämndhantering. "
        "Samtliga nämnder arbetar nu digitalt och utvärderingen visar minskade kostnader för "
        "utskick.",
        decision=[
            "godkänna återrapporteringen",
            "uppdraget förklaras fullgjort",
        ],
    ),
    dict(
        title="Ändrad budgetram för tekniska nämnden 2024",
        dnr="2024/077",
        intro="Tekniska nämnden begär utökad ram för ökade kostnader för vinterväghållning "
        "efter den snörika vintern.",
        decision=[
            "utöka tekniska nämndens driftsram för 2024 med 2,4 miljoner kronor",
            "finansiering sker ur kommunstyrelsens oförutsedda medel",
        ],
    ),
    dict(
        title="Trafiksäkerhetsåtgärder vid Norrskolan",
        dnr="2024/140",
        intro="Föräldrar har framfört oro över trafiksituationen vid skolans entré. En "
        "trafikutredning har pekat ut tre åtgärder: avsmalning, upphöjt övergångsställe och "
        "ny hämta- och lämnazon.",
        decision=[
            "tekniska nämnden ges i uppdrag att genomföra de tre åtgärderna i "
            "trafikutredningen före skolstarten i augusti 2024",
            "åtgärderna finansieras med 650 000 kronor ur investeringsbudgeten för trafiksäkerhet",
        ],
    ),
    dict(
        title="Riktlinjer för bisysslor",
        dnr="2024/019",
        intro="Nuvarande riktlinjer för bisysslor är från 2012. HR-avdelningen har tagit fram "
        "ett förslag till reviderade riktlinjer.",
        decision=[
            "anta reviderade riktlinjer för bisysslor",
            "kommundirektören får i uppdrag att informera samtliga chefer om riktlinjerna "
            "senast i juni 2024",
        ],
    ),
    dict(
        title="Yttrande över remiss om regional transportplan",
        dnr="2024/055",
        intro="Regionen har remitterat förslag till regional transportplan 2026–2037. "
        "Förvaltningen har tagit fram ett förslag till yttrande.",
        decision=["anta förvaltningens förslag till yttrande som sitt eget"],
    ),
    dict(
        title="Motion om gratis simskola för alla sexåringar",
        dnr="2023/733",
        intro="Motionären föreslår att alla sexåringar erbjuds avgiftsfri simskola.",
        decision=[
            "Ärendet återremitteras till förvaltningen för att komplettera med en "
            "kostnadsberäkning och en bedömning av badhusets kapacitet",
        ],
    ),
    dict(
        title="Försäljning av fastigheten Smedjan 4",
        dnr="2023/902",
        intro="Fastigheten Smedjan 4 har stått tom sedan 2021. Två anbud har kommit in efter "
        "annonsering; det högsta är 1 850 000 kronor.",
        decision=[
            "sälja fastigheten Smedjan 4 till högstbjudande för 1 850 000 kronor",
            "uppdra åt ekonomichefen att underteckna köpekontrakt och köpebrev",
        ],
    ),
    dict(
        title="Information om arbetsmarknadsläget",
        intro="Arbetsmarknadschefen informerar om arbetslösheten i kommunen, som är 6,1 "
        "procent i februari, och om insatserna inom jobbtorget.",
        decision=["Informationen noteras."],
    ),
    dict(
        title="Handlingsplan mot ofrivillig ensamhet bland äldre",
        dnr="2024/088",
        intro="Pensionärsrådet har lyft frågan om ofrivillig ensamhet. Socialförvaltningen "
        "har kartlagt befintliga mötesplatser.",
        decision=[
            "ge socialnämnden och kultur- och fritidsnämnden i uppdrag att gemensamt ta fram "
            "en handlingsplan mot ofrivillig ensamhet bland äldre",
            "handlingsplanen ska redovisas för {body} senast 2024-12-31",
        ],
    ),
    dict(
        title="Revisionsrapport om intern kontroll",
        dnr="2024/120",
        intro="Revisorerna har granskat nämndernas arbete med intern kontroll och "
        "rekommenderar att riskanalyserna dokumenteras bättre.",
        decision=[
            "anta förvaltningens svar på revisionsrapporten",
            "uppdra till kommundirektören att se över anvisningarna för intern kontroll och "
            "återkomma till {body} med förslag under hösten 2024",
        ],
    ),
    dict(
        title="Samverkansavtal om räddningstjänst",
        dnr="2024/031",
        intro="Grannkommunerna har tagit fram ett förslag till nytt samverkansavtal om "
        "räddningstjänst som ersätter avtalet från 2016.",
        decision=[
            "föreslå kommunfullmäktige att godkänna samverkansavtalet",
            "föreslå kommunfullmäktige att uppdra åt räddningschefen att följa upp avtalet årligen",
        ],
    ),
    dict(
        title="Ansökan om föreningsbidrag – Hembygdsföreningen",
        dnr="2024/150",
        intro="Hembygdsföreningen ansöker om 40 000 kronor för renovering av hembygdsgårdens tak.",
        decision=["bevilja Hembygdsföreningen ett bidrag om 40 000 kronor"],
    ),
    dict(
        title="Detaljplan för Östra hamnen, uppdrag",
        dnr="2024/101",
        intro="Ett exploateringsbolag har begärt planbesked för bostäder i Östra hamnen. "
        "Området är utpekat i översiktsplanen.",
        decision=[
            "ge positivt planbesked",
            "uppdra åt miljö- och byggnadsnämnden att upprätta detaljplan för Östra hamnen",
            "samhällsbyggnadsförvaltningen ska redovisa en tidplan för planarbetet senast "
            "den 1 oktober 2024",
        ],
    ),
    dict(
        title="Medborgarförslag om hundrastgård i Södra parken",
        dnr="2023/777",
        intro="Förslagsställaren vill att en hundrastgård anläggs i Södra parken.",
        decision=["Medborgarförslaget överlämnas till tekniska nämnden för beredning."],
    ),
    dict(
        title="Policy för informationssäkerhet",
        dnr="2024/010",
        intro="Informationssäkerhetssamordnaren har tagit fram en ny policy i linje med "
        "MSB:s rekommendationer.",
        decision=[
            "anta policy för informationssäkerhet",
            "samtliga nämnder uppmanas att senast i mars 2025 redovisa hur policyn har införts",
        ],
    ),
    dict(
        title="Ekonomisk uppföljning per februari",
        dnr="2024/005",
        intro="Prognosen för helåret visar ett underskott på 3,2 miljoner kronor, främst inom "
        "individ- och familjeomsorgen.",
        decision=[
            "godkänna den ekonomiska uppföljningen",
            "uppdra åt socialchefen att ta fram en åtgärdsplan för en budget i balans och "
            "redovisa den vid nämndens sammanträde i maj 2024",
        ],
    ),
    dict(
        title="Val av ersättare i kommunala pensionärsrådet",
        intro="En ersättare har avsagt sig sitt uppdrag.",
        decision=[
            "{j2} väljs till ersättare i kommunala pensionärsrådet för resten av mandatperioden."
        ],
    ),
    dict(
        title="Avgifter för offentlig kontroll av livsmedel",
        dnr="2024/066",
        intro="Timavgiften för livsmedelskontroll föreslås höjas från 1 250 till 1 390 kronor "
        "för att motsvara kostnaderna.",
        decision=[
            "föreslå kommunfullmäktige att fastställa timavgiften till 1 390 kronor "
            "från den 1 januari 2025"
        ],
    ),
    dict(
        title="Utredning om kommunens kök och måltidsorganisation",
        dnr="2024/132",
        intro="Kommunen har i dag tolv tillagningskök. Flera behöver renoveras de närmaste åren.",
        decision=[
            "{body} ger kostchefen i uppdrag att utreda en framtida köksorganisation med "
            "färre och större tillagningskök",
            "utredningen ska vara klar senast 2025-03-31",
            "för utredningen avsätts 250 tkr ur nämndens utvecklingsmedel",
        ],
    ),
    dict(
        title="Motion om solceller på kommunens tak",
        dnr="2023/512",
        intro="Motionären föreslår att solceller installeras på alla lämpliga kommunala tak.",
        yrkanden="En ledamot yrkar att {body} även ska uppdra åt tekniska förvaltningen att "
        "inventera samtliga tak inom tre månader. Ordföranden ställer proposition på "
        "tilläggsyrkandet och finner att det avslås.",
        decision=[
            "bifalla motionen",
            "uppdra åt Kommunfastigheter AB att installera solceller på de tak som enligt "
            "bolagets inventering från 2023 är lämpliga",
        ],
    ),
    dict(
        title="Redovisning av partistöd 2023",
        dnr="2024/041",
        intro="Samtliga partier har lämnat in redovisning och granskningsrapport i tid.",
        decision=["Partistöd för 2025 betalas ut till samtliga partier i fullmäktige."],
    ),
    dict(
        title="Sommarjobb för ungdomar 2024",
        dnr="2024/099",
        intro="Kommunen har erbjudit sommarjobb till ungdomar i årskurs 9 och gymnasiet "
        "sedan 2015.",
        decision=[
            "erbjuda 150 sommarjobb för ungdomar under sommaren 2024",
            "arbetsmarknadsenheten uppdras att organisera sommarjobben och redovisa utfallet "
            "till {body} senast i oktober 2024",
        ],
    ),
    dict(
        title="Internkontrollplan 2024",
        dnr="2023/980",
        intro="Förvaltningen har gjort en riskanalys och föreslår sex kontrollmoment.",
        decision=["anta internkontrollplan för 2024"],
    ),
    dict(
        title="Kameraövervakning vid resecentrum",
        dnr="2024/071",
        intro="Polisen och kommunen har sett ökad skadegörelse vid resecentrum.",
        decision=[
            "säkerhetssamordnaren ska ansöka om tillstånd till kameraövervakning vid "
            "resecentrum hos Integritetsskyddsmyndigheten",
        ],
    ),
    dict(
        title="Bredbandsutbyggnad på landsbygden",
        dnr="2024/060",
        intro="Drygt 300 hushåll på landsbygden saknar fortfarande fiber.",
        proposal=[
            "ge IT-chefen i uppdrag att upphandla bredbandsutbyggnad för 300 hushåll",
        ],
        decision=[
            "{body} beslutar att bordlägga ärendet till nästa sammanträde",
        ],
    ),
    dict(
        title="Förstudie om nytt badhus",
        dnr="2024/015",
        intro="Badhuset från 1974 har stora renoveringsbehov. En förstudie behövs innan "
        "beslut om renovering eller nybyggnad.",
        decision=[
            "uppdra åt kommundirektören att genomföra en förstudie om renovering eller "
            "nybyggnad av badhuset",
            "avsätta 800 000 kronor för förstudien",
            "förstudien ska redovisas senast den 28 februari 2025",
        ],
    ),
    dict(
        title="Information från förvaltningschefen",
        intro="Förvaltningschefen informerar om rekryteringen av ny rektor till "
        "Centralskolan, om sjukfrånvaron och om arbetet med nya skolskjutsregler.",
        decision=["{body} tar del av informationen."],
    ),
    dict(
        title="Taxa för bygglov 2025",
        dnr="2024/160",
        intro="Sveriges Kommuner och Regioner har tagit fram ett nytt underlag för plan- och "
        "bygglovtaxa.",
        decision=[
            "föreslå kommunfullmäktige att anta ny plan- och bygglovtaxa från den 1 januari 2025",
            "uppdra åt bygglovschefen att informera byggherrar och fastighetsägare om den nya "
            "taxan",
        ],
    ),
    dict(
        title="Ombudgetering av investeringsmedel",
        dnr="2024/080",
        intro="Ombyggnaden av Folkets park blev 1,1 miljoner kronor billigare än beräknat, "
        "medan gång- och cykelvägen längs Storgatan blev dyrare.",
        decision=[
            "omfördela 1 100 000 kronor från projektet Folkets park till projektet gång- och "
            "cykelväg Storgatan",
        ],
    ),
]
