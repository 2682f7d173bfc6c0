"""Both example months are complete: every section and subsection heading of the originals is on the page.

The lists are the outlines of the seeds (the published reports), in their order.
"""

from __future__ import annotations

import pytest
from htmlpage import parse

SERIES = "regiondirektorens-rapport"

OUTLINES = {
    "2025-10": [
        "Inledning", "Produktion och tillgänglighet", "Väsentliga personalförhållanden",
        "Ekonomi", "Periodens resultat", "Nettokostnadsutvecklingen", "Finansnettot", "Nyckeltal",
        "Aktuella händelser", "Region Norrbotten i lokala medier",
        "Avrapportering av pågående ärenden", "Lägesrapport Regionens nya sjukhus i Kiruna (RNSiK)",
        "Information från verksamheten",
        "Division Medicin och akut omhändertagande", "VO Hud, infektion, lunga och reumatologi",
        "VO Internmedicin", "VO Akut omhändertagande/IVAK-enheterna", "VO Barnsjukvård", "VO Paramedicin",
        "Digital träningsgrupp för cancerpatienter", "VO Neurocentrum",
        "Division Opererande och diagnostik", "VO Allmänkirurgi/Urologi", "VO Bild och funktionsmedicin",
        "AI-assisterat granskningsstöd", "VO Laboratoriemedicin",
        "Nytt rörpostsystem med fler stationer på Sunderby sjukhus", "Bättre flöde på upphandlingar",
        "Ökad driftsäkerhet i Gällivare", "Beslut om utredning av laboratoriemedicins lokaler i Sunderbyn",
        "VO Obstetrik och gynekologi", "Förlossningsverksamheten", "Gynekologi", "VO Vårdtillgänglighet",
        "Division Nära", "Psykiatri", "Barn- och ungdomspsykiatri (BUP)", "Allmänpsykiatri Gällivare",
        "Allmänpsykiatri Piteå", "Allmänpsykiatri Sunderby", "Rättspsykiatriska kliniken Öjebyn",
        "Division Regionstöd", "Regiongemensamt", "Regionstaben", "Regelefterlevnad", "Beredskapsveckan",
        "Haveriövning vid Luleå Airport", "International Cooperation Course 2025 (ICC25)",
        "Smartare användning av förbrukningsartiklar och energi",
        "Civilsamhällets roll för en bättre och mer jämlik folkhälsa i Norrbotten", "Nationella minoriteter",
        "Hälso- och sjukvårdsavdelningen", "Vårdsäkerhet", "Smittskydd", "Vårdhygien", "Ekonomiavdelningen",
        "Vårdval allmän barn- och ungdomstandvård", "IT/MT-avdelningen", "Tillgängliga för norrbottningen",
        "Beslut om förstudier och projektgenomförande", "Lokalutredning laboratoriemedicin Sunderby sjukhus",
        "Sjukhusvård i hemmet",
        "Analysrapporter", "Avrapportering av uppdrag enligt 2025 års analysplan",
        "Nulägesanalys av patientsäkerhetsarbetet i Region Norrbotten", "Sammanfattande slutsatser",
        "Avslutade rekommendationer",
        "Bilagor",
    ],
    "2023-03": [
        "Inledning", "Resultat februari 2023",
        "Aktuella händelser", "Region Norrbotten i lokala medier",
        "Avrapportering, pågående ärenden", "Uppstart ny hälsocentral i Boden",
        "Tillgänglighet under jourtid i primärvården i Luleå och Boden",
        "Gynekologisk specialistmottagning i Kiruna", "Kommunalförbundet Svenska ambulansflyg",
        "Beslutade översyner av hälso- och sjukvård", "Finansieringsprinciper filialer och servicepunkter",
        "Ökat rekryteringsstöd till vårdverksamheterna", "Matlaget AB", "Klinisk utbildningsmottagning",
        "Upphandling ögonsjukvård",
        "Livsmedelsavtal: målen avseende ekologiska och närproducerade livsmedel", "Tillskott regionstöd",
        "Utökning av verksamheten vid kanslienheten", "Intern kontroll", "Pannprover",
        "Information från verksamheten",
        "Division Funktion", "Vårdgarantienheten", "Audit på IVA i Sunderbyn", "Avvikelser AnOPIVA",
        "Intensivvården", "Laboratoriemedicin", "Förbättringsarbete",
        "Division Länssjukvård 1", "Ledning akut omhändertagande", "Akutmottagningen Sunderbyn", "Vägambulansen",
        "Division Länssjukvård 2", "Förändringar i divisionsledningen",
        "Division Nära", "Primärvården", "Förbättringsarbete", "Folktandvården", "FVIS Cosmic",
        "Division Psykiatri", "Förbättringsarbete",
        "Regiongemensamt", "Hälso- och sjukvårdsavdelningen, Vårdstöd",
        "Utredning om andra yrkeskategorier kan stötta upp levnadsvanearbete i primärvården",
        "Bastjänstgöring för läkare", "Hälso- och sjukvårdsbarometern 2022", "Folkhälsoarbetet",
        "Befolkningsenkät: Hälsa på lika villkor", "Patientsäkerhet och vårdhygien", "Vårdhygien",
        "Följsamhet till hygienrutinerna och klädreglerna, BHK", "Patientsäkerhet", "Lex Maria och händelseanalyser",
        "Aktuella tillsynsärenden", "Avvikelsehanteringssystemet Synergi", "Avvikelser som handlar om vårdplatsbrist",
        "Smittskydd Norrbotten",
        "Hälso- och sjukvårdsnämnden", "Primärvård", "Tandvård", "Årsrapportering Division Nära",
        "Division psykiatri", "Division Funktion", "Division Länssjukvård 2", "Inre ambulansledning (IA)",
        "Akutvårdsplatser",
        "VO Neurocentrum planerar start för digital stressrehab", "FVIS Cosmic", "Nära vård",
        "Information från verksamheten",
        "Regionala utvecklingsnämnden", "Näringsliv och samhälle", "Medfinansiering EU-program",
        "EU-projektet North Sweden Green Deal", "Events", "Företagsstöd", "Hit gick pengarna",
        "Återrapportering av villkorsbeslut 2022", "Kulturenheten",
        "Region Norrbotten besökte det ledande kulturpolitiska konventet Folk och kultur",
        "Programmet för konferensen ”Gestaltad livsmiljö i snörika samhällen” är släppt",
        "Utlysning för en månads residens i Gres sur Loing i Frankrike",
        "Region Norrbottens konst", "Arctic Music Circle", "Konserter för barn och ungdom under februari",
        "Ungdomsstorbandet Arctic Youth Jazz Orchestra, AYJO och vokalensemblen Arctic Light",
        "Norrbottensmusikens ensembler", "Nationellt möte om bibliotekssystemens utveckling",
        "Folkbiblioteken och demokratiuppdraget", "Bibliotek i beredskap", "Polarbibblo", "Förbättringar",
        "Inventering inför digital plattform för slöjd- och formområdet i Norrbotten",
        "Regionbibliotekets arbete med informationssäkerhet och GDPR",
        "Norrbotten NEO gör sitt sista verksamhetsår inom Region Norrbotten",
        "Polarbibblo har stärkt säkerheten för användare",
        "Bilagor",
    ],
}


@pytest.mark.parametrize("month", sorted(OUTLINES))
def test_every_heading_of_the_original_is_on_the_page_in_order(example_site, month):
    article = parse(example_site / f"{SERIES}/{month}/index.html").find("article")
    headings = [h.heading_text for h in article.iter() if h.tag in ("h2", "h3", "h4", "h5", "h6")]
    position = 0
    for expected in OUTLINES[month]:
        assert expected in headings[position:], f"'{expected}' missing (or out of order) in {month}"
        position = headings.index(expected, position) + 1


@pytest.mark.parametrize("month", sorted(OUTLINES))
def test_attachments_are_listed(example_site, month):
    article = parse(example_site / f"{SERIES}/{month}/index.html").find("article")
    assert len(article.find("ol", class_="bilagor").find_all("li")) == 2
