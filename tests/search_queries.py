"""Real queries a newcomer might type, with the article that should come up in the first three.

Languages, inflected forms, typos and queries in another language than the one chosen.
(query, visitor language, expected article)
"""

QUERIES = [
    # English
    ("register at the commune", "en", "administration/commune-registration"),
    ("open a bank account", "en", "daily-life/bank-account"),
    ("social housing", "en", "housing/social-housing"),
    ("health insurance", "en", "health/health-insurance"),
    ("learn dutch", "en", "language-courses/dutch-courses"),
    ("emergency number", "en", "emergencies/emergency-numbers"),
    ("diploma recognition", "en", "employment/diploma-recognition"),
    ("school for my children", "en", "education/school-registration"),
    ("lawyer for free", "en", "rights/legal-aid"),
    ("apartment", "en", "housing/finding-a-rental"),
    # typos
    ("regstration commune", "en", "administration/commune-registration"),
    ("insurence", "en", "health/health-insurance"),
    ("Actirris", "en", "employment/actiris-registration"),
    ("asylm", "en", "administration/asylum-application"),
    ("docter at night", "en", "emergencies/out-of-hours-doctor-and-pharmacy"),
    ("familly reunification", "en", "administration/family-reunification"),
    ("cours de francais", "fr", "language-courses/french-courses"),
    ("alocations familiales", "fr", "education/family-allowances"),
    ("الطوارىء", "ar", "emergencies/emergency-numbers"),
    ("violence at home", "en", "rights/domestic-violence"),
    ("discrimination au travail", "fr", "rights/discrimination"),
    ("tri des déchets", "fr", "daily-life/waste-sorting"),
    ("rijbewijs omwisselen", "nl", "daily-life/driving-licence"),
    # French, inflections and no accents
    ("cours de néerlandais", "fr", "language-courses/dutch-courses"),
    ("garantie locative", "fr", "housing/rental-deposit"),
    ("inscrire mes enfants a l'ecole", "fr", "education/school-registration"),
    ("medecin generaliste", "fr", "health/finding-a-doctor"),
    ("demande d'asile", "fr", "administration/asylum-application"),
    ("mutuelle", "fr", "health/health-insurance"),
    ("permis de travail", "fr", "employment/work-permit"),
    # Dutch
    ("huurwaarborg", "nl", "housing/rental-deposit"),
    ("Nederlands leren", "nl", "language-courses/dutch-courses"),
    ("ziekenfonds", "nl", "health/health-insurance"),
    ("sociale woning", "nl", "housing/social-housing"),
    ("inschrijven bij de gemeente", "nl", "administration/commune-registration"),
    # Arabic (with and without the article, plural forms)
    ("حساب بنكي", "ar", "daily-life/bank-account"),
    ("تسجيل الأطفال في المدرسة", "ar", "education/school-registration"),
    ("التأمين الصحي", "ar", "health/health-insurance"),
    ("أرقام الطوارئ", "ar", "emergencies/emergency-numbers"),
    ("طلب اللجوء", "ar", "administration/asylum-application"),
    ("دروس اللغة الفرنسية", "ar", "language-courses/french-courses"),
    # cross-language: typed in English or French with another language chosen
    ("housing", "ar", "housing/social-housing"),
    ("bank account", "uk", "daily-life/bank-account"),
    ("CPAS", "ti", "social-support/cpas-ocmw"),
    ("Actiris", "so", "employment/actiris-registration"),
    ("urgent medical aid", "prs", "health/urgent-medical-aid"),
    # Ukrainian and Russian, inflected
    ("соціальне житло", "uk", "housing/social-housing"),
    ("медичне страхування", "uk", "health/health-insurance"),
    ("банківський рахунок", "uk", "daily-life/bank-account"),
    ("курсы французского языка", "ru", "language-courses/french-courses"),
    ("номера экстренных служб", "ru", "emergencies/emergency-numbers"),
    # Spanish, Turkish, Romanian
    ("cuenta bancaria", "es", "daily-life/bank-account"),
    ("seguro de salud", "es", "health/health-insurance"),
    ("banka hesabı", "tr", "daily-life/bank-account"),
    ("okula kayıt", "tr", "education/school-registration"),
    ("cont bancar", "ro", "daily-life/bank-account"),
    ("asigurare de sănătate", "ro", "health/health-insurance"),
    # Dari, Pashto, Tigrinya, Somali
    ("حساب بانکی", "prs", "daily-life/bank-account"),
    ("بیمه صحی", "prs", "health/health-insurance"),
    ("بانکي حساب", "ps", "daily-life/bank-account"),
    ("ናይ ባንኪ ሕሳብ", "ti", "daily-life/bank-account"),
    ("akoon bangi", "so", "daily-life/bank-account"),
    ("caymis caafimaad", "so", "health/health-insurance"),
]
