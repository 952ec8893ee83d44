"""Paragraph contents for the written protocols of the HELD-OUT part (see written.py).

Written separately from cases_dev.py; the reader is never tuned on protocols built from these.
"""

CASES = [
    dict(
        title="Justering av protokollet",
        intro="Ordföranden föreslår {j} som justerare.",
        decision=["{j} utses att justera protokollet tillsammans med ordföranden."],
    ),
    dict(
        title="Godkännande av föredragningslistan",
        intro="Föredragningslistan har skickats ut enligt reglementet.",
        decision=["Föredragningslistan godkänns."],
    ),
    dict(
        title="Redovisning av delegeringsbeslut",
        intro="Beslut fattade på delegation av tjänstepersoner redovisas enligt lista.",
        decision=["Delegeringsbesluten anmäls och läggs till handlingarna."],
    ),
    dict(
        title="Anmälningsärenden",
        intro="Till nämnden har inkommit skrivelser enligt förteckning, bland annat "
        "kommunstyrelsens beslut KS § 201/2023 om budgetdirektiv.",
        decision=["Anmälningsärendena noteras."],
    ),
    dict(
        title="Skolskjutsreglemente",
        dnr="BUN 2024/18",
        intro="Reglementet för skolskjuts behöver anpassas till ändringarna i skollagen "
        "om skolskjuts vid växelvis boende.",
        decision=[
            "anta reviderat skolskjutsreglemente att gälla från den 1 juli 2024",
            "ge skolskjutssamordnaren i uppdrag att informera vårdnadshavare om "
            "förändringarna före sommarlovet",
        ],
    ),
    dict(
        title="Nya öppettider på biblioteken",
        dnr="KFN 2024/07",
        intro="Besöksstatistiken visar att få besöker filialbiblioteken före klockan 12.",
        decision=[
            "Kultur- och fritidsförvaltningen får i uppdrag att pröva meröppet på "
            "filialbiblioteken under ett år med start i september 2024.",
            "En utvärdering redovisas för nämnden i oktober 2025.",
        ],
    ),
    dict(
        title="Motion om skolgårdar som grönområden",
        dnr="2023/411",
        intro="Motionären vill att skolgårdarna görs grönare och öppnas för allmänheten kvällstid.",
        proposal=[
            "uppdra åt tekniska förvaltningen att ta fram en plan för gröna skolgårdar",
        ],
        yrkanden="Ordföranden yrkar avslag på motionen. En ledamot yrkar bifall. Efter "
        "proposition finner ordföranden att nämnden avslår motionen.",
        decision=["avslå motionen"],
    ),
    dict(
        title="Återrapport: uppdrag om e-tjänster för bygglov",
        dnr="MBN 2023/90",
        intro="Nämnden uppdrog 2023 åt förvaltningen att införa e-tjänst för bygglov. "
        "E-tjänsten har tagits i drift och används i 70 procent av ansökningarna.",
        decision=[
            "godkänna återrapporten",
            "förklara uppdraget som fullgjort",
        ],
    ),
    dict(
        title="Tilläggsanslag till socialnämnden",
        dnr="KS 2024/143",
        intro="Socialnämnden har ökade kostnader för placeringar av barn och unga.",
        decision=[
            "bevilja socialnämnden ett tilläggsanslag på 4 miljoner kronor för 2024",
            "tilläggsanslaget finansieras genom minskat resultat",
        ],
    ),
    dict(
        title="Gång- och cykelväg till Västra industriområdet",
        dnr="2024/210",
        intro="Många anställda på Västra industriområdet cyklar längs en väg utan separat "
        "cykelbana.",
        decision=[
            "att uppdra åt tekniska nämnden att projektera en gång- och cykelväg till "
            "Västra industriområdet",
            "att projekteringen finansieras med 1,5 mnkr ur investeringsramen för 2025",
        ],
    ),
    dict(
        title="Arbetsmiljöpolicy",
        dnr="2024/044",
        intro="Arbetsmiljöpolicyn revideras vart fjärde år.",
        decision=[
            "anta arbetsmiljöpolicyn",
            "personalchefen ges i uppdrag att utbilda alla chefer i policyn under 2025",
        ],
    ),
    dict(
        title="Yttrande över förslag till vattenförvaltningsplan",
        dnr="2024/013",
        intro="Vattenmyndigheten har skickat förslag till åtgärdsprogram på remiss.",
        decision=["lämna yttrande enligt förvaltningens förslag"],
    ),
    dict(
        title="Medborgarförslag om utegym i Norra parken",
        dnr="2024/022",
        intro="Förslagsställaren vill att ett utegym byggs i Norra parken.",
        decision=[
            "Ärendet återremitteras för att utreda alternativa placeringar och kostnader.",
        ],
    ),
    dict(
        title="Köp av mark för nytt verksamhetsområde",
        dnr="2024/177",
        intro="Markägaren har erbjudit kommunen att köpa 12 hektar åkermark intill väg 33.",
        decision=[
            "köpa del av fastigheten Åkerby 2:14 för 3 600 000 kronor",
            "mark- och exploateringschefen uppdras att teckna köpeavtal",
        ],
    ),
    dict(
        title="Information om brottsförebyggande arbete",
        intro="Kommunpolisen informerar om lägesbilden och om samverkansöverenskommelsen "
        "mellan polisen och kommunen.",
        decision=["Nämnden har tagit del av informationen."],
    ),
    dict(
        title="Strategi för kompetensförsörjning inom vård och omsorg",
        dnr="VON 2024/31",
        intro="Behovet av undersköterskor väntas öka med 25 procent till 2030.",
        decision=[
            "vård- och omsorgsnämnden uppdrar åt förvaltningschefen att ta fram en strategi "
            "för kompetensförsörjning i samarbete med vuxenutbildningen",
            "strategin redovisas senast i december 2024",
        ],
    ),
    dict(
        title="Granskning av upphandling och avtalstrohet",
        dnr="2024/058",
        intro="Revisionen har funnit brister i avtalstroheten vid inköp av förbrukningsvaror.",
        decision=[
            "överlämna förvaltningens svar till revisorerna",
            "uppdra åt upphandlingschefen och ekonomichefen att införa e-handel för "
            "förbrukningsvaror senast 2025-06-30",
        ],
    ),
    dict(
        title="Avtal om gemensam överförmyndarnämnd",
        dnr="2024/009",
        intro="Tre kommuner föreslås bilda en gemensam överförmyndarnämnd.",
        decision=[
            "föreslå kommunfullmäktige att godkänna avtalet",
            "föreslå kommunfullmäktige att ge kommunstyrelsen i uppdrag att förbereda övergången",
        ],
    ),
    dict(
        title="Bidrag till studieförbund 2024",
        dnr="2024/027",
        intro="Studieförbunden har ansökt om bidrag enligt bidragsreglerna.",
        decision=["fördela 620 000 kronor till studieförbunden enligt bilaga"],
    ),
    dict(
        title="Planuppdrag för bostäder vid Tallbacken",
        dnr="2024/188",
        intro="Kommunen äger marken vid Tallbacken, som i översiktsplanen pekas ut för bostäder.",
        decision=[
            "samhällsbyggnadsnämnden får i uppdrag att upprätta förslag till detaljplan för "
            "bostäder vid Tallbacken",
            "planen ska kunna antas under 2025",
        ],
    ),
    dict(
        title="Medborgarförslag om farthinder på Skolgatan",
        dnr="2024/036",
        intro="Boende på Skolgatan vill ha farthinder.",
        decision=["Medborgarförslaget överlämnas till trafiknämnden för beredning och beslut."],
    ),
    dict(
        title="Handlingsplan för klimatanpassning",
        dnr="2024/091",
        intro="Länsstyrelsens kartläggning visar risk för översvämning i tre bostadsområden.",
        decision=[
            "anta handlingsplanen för klimatanpassning",
            "ge samtliga nämnder i uppdrag att beakta handlingsplanen i sina "
            "verksamhetsplaner för 2025",
        ],
    ),
    dict(
        title="Delårsrapport per april",
        dnr="2024/101",
        intro="Nämnden redovisar ett överskott på 1,2 miljoner kronor efter fyra månader.",
        decision=["godkänna delårsrapporten och överlämna den till kommunstyrelsen"],
    ),
    dict(
        title="Fyllnadsval av ledamot i valnämnden",
        intro="En ledamot i valnämnden har flyttat från kommunen.",
        decision=["{j2} väljs till ledamot i valnämnden till och med 2026."],
    ),
    dict(
        title="Hyresavtal för ny fritidsgård",
        dnr="2024/120",
        intro="Fritidsgården i centrum måste flytta när huset rivs.",
        decision=[
            "godkänna hyresavtalet med Bostadsbolaget AB för lokalen på Torggatan 3",
            "fritidschefen ska planera flytten så att verksamheten kan öppna i de nya "
            "lokalerna i januari 2025",
        ],
    ),
    dict(
        title="Motion om kostnadsfria mensskydd i skolan",
        dnr="2023/688",
        intro="Motionären föreslår kostnadsfria mensskydd på alla skolor.",
        yrkanden="Ledamöter från två partier yrkar att nämnden ska ge rektorerna i uppdrag "
        "att dela ut mensskydd. Ordföranden yrkar att motionen ska anses besvarad. "
        "Ordföranden finner att ordförandens yrkande har bifallits; yrkandet om uppdrag "
        "till rektorerna avslås.",
        decision=[
            "motionen anses besvarad med hänvisning till att skolsköterskorna redan "
            "tillhandahåller mensskydd"
        ],
    ),
    dict(
        title="Resultat av medarbetarenkäten",
        dnr="2024/150",
        intro="Svarsfrekvensen var 81 procent. Resultaten för ledarskap har förbättrats.",
        decision=[
            "notera resultatet",
            "ge HR-chefen i uppdrag att tillsammans med skyddsombuden ta fram åtgärder för "
            "de arbetsplatser som har lägst resultat och återrapportera i november 2024",
        ],
    ),
    dict(
        title="Utökad ram för räddningstjänsten",
        dnr="2024/133",
        intro="Räddningstjänsten behöver ny höjdfordonsbil.",
        decision=["utöka investeringsramen för räddningstjänsten med 9,5 miljoner kronor"],
    ),
    dict(
        title="Riktlinje för sociala medier",
        dnr="2024/070",
        intro="Allt fler verksamheter har egna konton i sociala medier.",
        decision=[
            "anta riktlinje för sociala medier",
            "kommunikationschefen uppdras att inventera alla kommunala konton och avveckla "
            "de som inte används, senast 2024-10-31",
        ],
    ),
    dict(
        title="Lägesrapport om nya simhallen",
        dnr="2023/500",
        intro="Projektledaren redovisar att bygget följer tidplanen och budgeten.",
        decision=["Lägesrapporten läggs till handlingarna."],
    ),
]
