//! The documents of a fictional applicant, employer and landlord, in Russian,
//! Kazakh and English. No real person's data: names, numbers and addresses are
//! invented; the identifiers are made up and not checked against any register.

use chrono::{Datelike, NaiveDate};
use dossier::mrz::check_digit;

use crate::layout::{Doc, Style};

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid fixture date")
}

pub const BIRTH: (i32, u32, u32) = (1990, 4, 15);
const PASSPORT_NO: &str = "751234567";

fn numeric(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

pub const RU_MONTHS: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
pub const KK_MONTHS: [&str; 12] = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];

fn russian(d: NaiveDate) -> String {
    format!(
        "«{:02}» {} {} г.",
        d.day(),
        RU_MONTHS[d.month0() as usize],
        d.year()
    )
}

fn kazakh(d: NaiveDate) -> String {
    format!(
        "{} жылғы {} {}",
        d.year(),
        d.day(),
        KK_MONTHS[d.month0() as usize]
    )
}

fn english(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

fn yymmdd(d: NaiveDate) -> String {
    d.format("%y%m%d").to_string()
}

fn with_check(field: &str) -> String {
    format!("{field}{}", check_digit(field).expect("MRZ alphabet"))
}

/// The two TD3 lines of the applicant's passport.
pub fn mrz(expiry: NaiveDate) -> [String; 2] {
    mrz_of("RUS", expiry)
}

/// The two TD3 lines of the applicant's passport issued by `state`.
fn mrz_of(state: &str, expiry: NaiveDate) -> [String; 2] {
    let first = format!("{:<<44}", format!("P<{state}VORONTSOV<<ANDREI"));
    let birth = date(BIRTH.0, BIRTH.1, BIRTH.2);
    let number = with_check(PASSPORT_NO);
    let birth = with_check(&yymmdd(birth));
    let expiry = with_check(&yymmdd(expiry));
    let personal = with_check("<<<<<<<<<<<<<<");
    let composite =
        check_digit(&format!("{number}{birth}{expiry}{personal}")).expect("MRZ alphabet");
    [
        first,
        format!("{number}{state}{birth}M{expiry}{personal}{composite}"),
    ]
}

/// What a state prints on its passport's data page: the lines before the
/// dates (headings, then labelled values), the labels of the birth, issue
/// and expiry dates, and the lines between and after them.
struct DataPage {
    state: &'static str,
    headings: [&'static str; 2],
    holder: [&'static str; 5],
    birth: &'static str,
    sex_and_place: &'static str,
    issue: &'static str,
    expiry: &'static str,
    authority: &'static str,
}

const RUSSIAN: DataPage = DataPage {
    state: "RUS",
    headings: [
        "РОССИЙСКАЯ ФЕДЕРАЦИЯ / RUSSIAN FEDERATION",
        "ПАСПОРТ / PASSPORT",
    ],
    holder: [
        "Тип / Type P    Код государства / Code of State RUS",
        "Номер паспорта / Passport No. 75 1234567",
        "Фамилия / Surname: ВОРОНЦОВ / VORONTSOV",
        "Имя / Given names: АНДРЕЙ / ANDREI",
        "Гражданство / Nationality: РОССИЙСКАЯ ФЕДЕРАЦИЯ",
    ],
    birth: "Дата рождения / Date of birth",
    sex_and_place: "Пол / Sex: М/M    Место рождения / Place of birth: САМАРА",
    issue: "Дата выдачи / Date of issue",
    expiry: "Дата окончания срока действия / Date of expiry",
    authority: "Орган, выдавший документ / Authority: МВД 63001",
};

/// The same invented applicant on an Uzbek passport (an ethnic Russian
/// born in Tashkent): a citizen of a state outside the EAEU, who needs
/// health insurance.
const UZBEK: DataPage = DataPage {
    state: "UZB",
    headings: [
        "O'ZBEKISTON RESPUBLIKASI / REPUBLIC OF UZBEKISTAN",
        "PASPORT / PASSPORT",
    ],
    holder: [
        "Turi / Type P    Davlat kodi / Code of State UZB",
        "Pasport raqami / Passport No. 75 1234567",
        "Familiyasi / Surname: VORONTSOV",
        "Ismi / Given names: ANDREI",
        "Fuqaroligi / Nationality: UZBEKISTAN",
    ],
    birth: "Tug'ilgan sanasi / Date of birth",
    sex_and_place: "Jinsi / Sex: M    Tug'ilgan joyi / Place of birth: TOSHKENT",
    issue: "Berilgan sanasi / Date of issue",
    expiry: "Amal qilish muddati / Date of expiry",
    authority: "Pasportni bergan organ / Authority: IIV 26001",
};

/// A passport's data page as `page`'s state prints it, with its zone.
fn data_page(page: &DataPage, issue: NaiveDate, expiry: NaiveDate) -> Doc {
    let [line1, line2] = mrz_of(page.state, expiry);
    let birth = numeric(date(BIRTH.0, BIRTH.1, BIRTH.2));
    let doc = page
        .headings
        .iter()
        .fold(Doc::new(true), |doc, heading| doc.heading(heading));
    page.holder
        .iter()
        .fold(doc, |doc, line| doc.body(line))
        .body(&format!("{}: {birth}", page.birth))
        .body(page.sex_and_place)
        .body(&format!("{}: {}", page.issue, numeric(issue)))
        .body(&format!("{}: {}", page.expiry, numeric(expiry)))
        .body(page.authority)
        .gap()
        .line(Style::Mrz, line1)
        .line(Style::Mrz, line2)
}

/// The data page of a Russian foreign passport.
pub fn passport(issue: NaiveDate, expiry: NaiveDate) -> Doc {
    data_page(&RUSSIAN, issue, expiry)
}

/// The data page of the applicant's Uzbek passport.
pub fn uzbek_passport(issue: NaiveDate, expiry: NaiveDate) -> Doc {
    data_page(&UZBEK, issue, expiry)
}

/// The personal-data pages of a Russian internal passport (no MRZ), issued
/// at 20: valid until the holder turns 45.
pub fn internal_passport() -> Doc {
    Doc::new(true)
        .heading("ПАСПОРТ ГРАЖДАНИНА РОССИЙСКОЙ ФЕДЕРАЦИИ")
        .body("Паспорт выдан ГУ МВД России по Самарской области")
        .body("Дата выдачи 20.05.2010    Код подразделения 630-001")
        .body("Серия и номер 36 10 123456")
        .body("Фамилия ВОРОНЦОВ")
        .body("Имя АНДРЕЙ    Отчество СЕРГЕЕВИЧ")
        .body(&format!(
            "Пол МУЖ.    Дата рождения {}",
            numeric(date(BIRTH.0, BIRTH.1, BIRTH.2))
        ))
        .body("Место рождения ГОР. САМАРА")
}

/// The labour contract, in Russian.
pub fn contract_ru(start: NaiveDate, end: NaiveDate, registered: bool) -> Doc {
    let doc = Doc::new(false)
        .title("ТРУДОВОЙ ДОГОВОР № 47/2026")
        .right(&format!("г. Алматы, {}", russian(start)))
        .body("Товарищество с ограниченной ответственностью «Степной Код» (БИН 180240012342), именуемое в дальнейшем «Работодатель», в лице директора Касымова Ерлана Маратовича, и гражданин Российской Федерации Воронцов Андрей Сергеевич, паспорт № 75 1234567, именуемый в дальнейшем «Работник», заключили настоящий договор о нижеследующем.")
        .body("1. Работник принимается на должность ведущего инженера-программиста.")
        .body(&format!("2. Договор заключен на определенный срок с {} по {}.", numeric(start), numeric(end)))
        .body("3. Должностной оклад Работника составляет 950 000 тенге в месяц.")
        .body("4. Работодатель обязуется обеспечить Работника работой, обусловленной настоящим договором, и своевременно выплачивать заработную плату.")
        .gap()
        .body("Работодатель: ________ Е. М. Касымов        Работник: ________ А. С. Воронцов");
    if registered {
        doc.gap().body(&format!(
            "Договор зарегистрирован в ЕСУТД {}, регистрационный номер 2026-1102-8841.",
            numeric(start.succ_opt().expect("a next day"))
        ))
    } else {
        doc
    }
}

/// The same contract as a foreign employer's English original.
pub fn contract_en(start: NaiveDate, end: NaiveDate) -> Doc {
    Doc::new(false)
        .title("EMPLOYMENT CONTRACT No. 47/2026")
        .right(&format!("Almaty, {}", english(start)))
        .body("Stepnoy Kod LLP, hereinafter the Employer, represented by its director Mr Yerlan Kassymov, and Mr Andrei Vorontsov, a citizen of the Russian Federation, passport No. 75 1234567, hereinafter the Employee, have agreed as follows.")
        .body("1. The Employee is hired as a lead software engineer.")
        .body(&format!("2. The contract is concluded for a fixed term from {} until {}.", english(start), english(end)))
        .body("3. The monthly salary of the Employee is 950,000 tenge.")
        .body(&format!(
            "This contract was registered in the unified system of registration of labour contracts (ULARS) on {}.",
            english(start.succ_opt().expect("a next day"))
        ))
        .gap()
        .body("Employer: ________ Y. Kassymov        Employee: ________ A. Vorontsov")
}

/// The landlord's consent, in Russian.
pub fn consent_ru(from: NaiveDate, until: NaiveDate, notarised: bool) -> Doc {
    let doc = Doc::new(false)
        .title("СОГЛАСИЕ")
        .title("собственника жилища")
        .right(&format!("г. Алматы, {}", russian(from)))
        .body(&format!(
            "Я, Ахметова Гульнара Сериковна, являясь собственником квартиры по адресу: г. Алматы, ул. Абая, д. 150, кв. 12, даю согласие на временное проживание в принадлежащем мне жилище гражданину Российской Федерации Воронцову Андрею Сергеевичу, паспорт № 75 1234567, на период с {} до {}.",
            numeric(from),
            numeric(until)
        ))
        .gap()
        .body("Подпись собственника: ________ Г. С. Ахметова");
    if notarised {
        doc.gap().body("Удостоверено нотариусом нотариального округа г. Алматы Сейткали А. Б. Подпись сделана в моем присутствии, личность подписавшего установлена. Зарегистрировано в реестре за № 2-4417.")
    } else {
        doc
    }
}

/// The employer's letter of application, in Russian.
pub fn letter_ru(date_sent: NaiveDate) -> Doc {
    Doc::new(true)
        .heading("ТОО «Степной Код»")
        .body("050000, г. Алматы, пр. Достык, 77, БИН 180240012342")
        .body(&format!("Исх. № 112 от {}", numeric(date_sent)))
        .right("В Департамент миграционной службы")
        .title("ХОДАТАЙСТВО")
        .body("ТОО «Степной Код» просит выдать разрешение на временное проживание с целью трудовой деятельности гражданину Российской Федерации Воронцову Андрею Сергеевичу, паспорт № 75 1234567, принятому на должность ведущего инженера-программиста по трудовому договору № 47/2026.")
        .gap()
        .body("Директор ________ Е. М. Касымов")
}

/// The same letter as written by the employer's foreign head office.
pub fn letter_en(date_sent: NaiveDate) -> Doc {
    Doc::new(true)
        .heading("STEPNOY KOD LLP")
        .body("77 Dostyk Avenue, Almaty 050000, BIN 180240012342")
        .body(&format!("Ref. No. 112 of {}", english(date_sent)))
        .title("LETTER OF APPLICATION")
        .body("Stepnoy Kod LLP kindly requests that a temporary residence permit for the purpose of employment be issued to Mr Andrei Vorontsov, a citizen of the Russian Federation, passport No. 75 1234567, hired as a lead software engineer under contract No. 47/2026.")
        .gap()
        .body("Director ________ Y. Kassymov")
}

/// A sworn translation of [`letter_en`] into Russian.
pub fn letter_translation_ru(date_sent: NaiveDate) -> Doc {
    Doc::new(false)
        .heading("ПЕРЕВОД С АНГЛИЙСКОГО ЯЗЫКА НА РУССКИЙ ЯЗЫК")
        .heading("ТОО «Степной Код»")
        .body(&format!("Исх. № 112 от {}", russian(date_sent)))
        .title("ХОДАТАЙСТВО")
        .body("ТОО «Степной Код» просит выдать разрешение на временное проживание с целью трудовой деятельности гражданину Российской Федерации Воронцову Андрею, паспорт № 75 1234567, принятому на должность ведущего инженера-программиста по договору № 47/2026.")
        .body("Директор (подпись) Е. Касымов")
        .gap()
        .body("Перевод выполнен переводчиком Омаровой Динарой Кайратовной.")
        .body("Подлинность подписи переводчика засвидетельствована нотариусом г. Алматы Сейткали А. Б., реестр № 2-4420.")
}

/// The application form, in Kazakh.
pub fn application_kk(signed: NaiveDate) -> Doc {
    Doc::new(false)
        .title("ӨТІНІШ")
        .title("уақытша тұруға рұқсат беру туралы")
        .body("Тегі: ВОРОНЦОВ    Аты: АНДРЕЙ    Әкесінің аты: СЕРГЕЕВИЧ")
        .body(&format!(
            "Туған күні: {}",
            kazakh(date(BIRTH.0, BIRTH.1, BIRTH.2))
        ))
        .body("Азаматтығы: Ресей Федерациясы")
        .body("Төлқұжат № 75 1234567")
        .body("Жұмыс беруші: «Степной Код» ЖШС, БСН 180240012342")
        .body("Келу мақсаты: еңбек қызметі")
        .body("Тұрғылықты мекенжайы: Алматы қаласы, Абай көшесі, 150-үй, 12-пәтер")
        .gap()
        .body(&format!(
            "Өтініш берушінің қолы ________    {}",
            kazakh(signed)
        ))
}

/// The application form, in Russian.
pub fn application_ru(signed: NaiveDate) -> Doc {
    Doc::new(true)
        .title("ЗАЯВЛЕНИЕ")
        .title("на выдачу разрешения на временное проживание")
        .body("Фамилия: ВОРОНЦОВ    Имя: АНДРЕЙ    Отчество: СЕРГЕЕВИЧ")
        .body("Гражданство: Российская Федерация. Паспорт № 75 1234567")
        .body("Цель: трудовая деятельность, работодатель ТОО «Степной Код»")
        .gap()
        .body(&format!(
            "Подпись заявителя ________    {}",
            russian(signed)
        ))
}

/// The fingerprint registration certificate and its annex page.
pub fn fingerprints_ru(issued: NaiveDate) -> [Doc; 2] {
    let certificate = Doc::new(true)
        .heading("МИНИСТЕРСТВО ВНУТРЕННИХ ДЕЛ РЕСПУБЛИКИ КАЗАХСТАН")
        .body("Департамент полиции города Алматы")
        .title("СПРАВКА")
        .title("о прохождении дактилоскопической регистрации")
        .body(&format!("№ 0047712 от {}", numeric(issued)))
        .body("Выдана гражданину Российской Федерации Воронцову Андрею Сергеевичу, паспорт № 75 1234567, в том, что он прошел обязательную дактилоскопическую регистрацию в соответствии со статьей 10 Закона Республики Казахстан.")
        .body("Начальник отдела ________");
    let annex = Doc::new(true)
        .heading("Приложение к справке № 0047712")
        .body("Дактилоскопическая информация получена, проверена и внесена в базу данных органов внутренних дел. Повторная регистрация не требуется.")
        .body("Инспектор ________ М. Ж. Садыков");
    [certificate, annex]
}

/// A health insurance policy for a foreigner, in Kazakh and Russian, as an
/// insurer in Almaty issues one.
pub fn health_insurance_kk(from: NaiveDate, until: NaiveDate) -> Doc {
    Doc::new(true)
        .heading("«Дала Сақтандыру» АҚ / АО «Дала Страхование»")
        .title("МЕДИЦИНАЛЫҚ САҚТАНДЫРУ ПОЛИСІ № МС-55120")
        .title("полис медицинского страхования иностранного гражданина")
        .body(
            "Сақтандырылған / Застрахованное лицо: Воронцов Андрей Сергеевич, паспорт № 75 1234567",
        )
        .body(&format!(
            "Сақтандыру мерзімі / Срок страхования: {} – {}",
            numeric(from),
            numeric(until)
        ))
        .body("Сақтандыру аумағы / Территория страхования: Қазақстан Республикасы")
        .body("Сақтандырушының қолы / Подпись страховщика ________")
}

/// A temporary residence permit from a previous employer; `shortened` gives
/// the reduced permit the migration service issues on cancellation.
pub fn permit_ru(issued: NaiveDate, until: NaiveDate, shortened: bool) -> Doc {
    let doc = Doc::new(true)
        .heading("РЕСПУБЛИКА КАЗАХСТАН")
        .title("РАЗРЕШЕНИЕ НА ВРЕМЕННОЕ ПРОЖИВАНИЕ")
        .body("УАҚЫТША ТҰРУҒА РҰҚСАТ № 002214587")
        .body("Фамилия, имя: ВОРОНЦОВ АНДРЕЙ. Гражданство: Российская Федерация")
        .body("Цель: трудовая деятельность, работодатель ТОО «Алатау Логистик»")
        .body(&format!("Дата выдачи: {}", numeric(issued)));
    if shortened {
        doc.body(&format!(
            "Срок временного проживания сокращен до {} в связи с расторжением трудового договора.",
            numeric(until)
        ))
    } else {
        doc.body(&format!("Срок временного проживания до {}", numeric(until)))
    }
}

/// The previous employer's order terminating the contract.
pub fn termination_order_ru(signed: NaiveDate) -> Doc {
    Doc::new(true)
        .heading("ТОО «Алатау Логистик»")
        .title("ПРИКАЗ № 58-к")
        .right(&format!("г. Алматы, {}", numeric(signed)))
        .heading("О расторжении трудового договора")
        .body(&format!(
            "Расторгнуть трудовой договор № 12/2025 с Воронцовым Андреем Сергеевичем по соглашению сторон на основании подпункта 1) статьи 49 Трудового кодекса Республики Казахстан с {}.",
            numeric(signed)
        ))
        .body("Директор ________ Б. Т. Нуржанов")
}

/// An invoice that has no place in the bundle.
pub fn invoice_ru(issued: NaiveDate) -> Doc {
    Doc::new(true)
        .title(&format!("СЧЕТ НА ОПЛАТУ № 318 от {}", numeric(issued)))
        .body("Поставщик: ТОО «Канцтовары Плюс», г. Алматы")
        .body("Покупатель: ТОО «Степной Код»")
        .body("1. Бумага офисная А4, 20 пачек, 2 280 тенге за пачку, 45 600 тенге")
        .body("Итого к оплате: 45 600 тенге, без НДС")
}

/// Kazakh months with the ablative ending («…нан бастап», from) and the
/// dative one («…ға дейін», until), by vowel harmony and the final sound.
pub const KK_FROM: [&str; 12] = [
    "қаңтардан",
    "ақпаннан",
    "наурыздан",
    "сәуірден",
    "мамырдан",
    "маусымнан",
    "шілдеден",
    "тамыздан",
    "қыркүйектен",
    "қазаннан",
    "қарашадан",
    "желтоқсаннан",
];
pub const KK_UNTIL: [&str; 12] = [
    "қаңтарға",
    "ақпанға",
    "наурызға",
    "сәуірге",
    "мамырға",
    "маусымға",
    "шілдеге",
    "тамызға",
    "қыркүйекке",
    "қазанға",
    "қарашаға",
    "желтоқсанға",
];

fn kazakh_from(d: NaiveDate) -> String {
    format!(
        "{} жылғы {} {} бастап",
        d.year(),
        d.day(),
        KK_FROM[d.month0() as usize]
    )
}

fn kazakh_until(d: NaiveDate) -> String {
    format!(
        "{} жылғы {} {} дейін",
        d.year(),
        d.day(),
        KK_UNTIL[d.month0() as usize]
    )
}

/// The labour contract, in Kazakh.
pub fn contract_kk(start: NaiveDate, end: NaiveDate) -> Doc {
    Doc::new(false)
        .title("ЕҢБЕК ШАРТЫ № 47/2026")
        .right(&format!("Алматы қ., {}", kazakh(start)))
        .body("«Степной Код» жауапкершілігі шектеулі серіктестігі (БСН 180240012342), бұдан әрі «Жұмыс беруші», директор Қасымов Ерлан Маратұлы атынан, және Ресей Федерациясының азаматы Воронцов Андрей Сергеевич, төлқұжат № 75 1234567, бұдан әрі «Қызметкер», төмендегілер туралы осы шартты жасасты.")
        .body("1. Қызметкер жетекші бағдарламашы-инженер лауазымына қабылданады.")
        .body(&format!("2. Шарт {} {} белгілі бір мерзімге жасалды.", kazakh_from(start), kazakh_until(end)))
        .body("3. Қызметкердің лауазымдық айлықақысы айына 950 000 теңге.")
        .gap()
        .body("Жұмыс беруші: ________ Е. М. Қасымов        Қызметкер: ________ А. С. Воронцов")
        .gap()
        .body(&format!(
            "Шарт еңбек шарттарын есепке алудың бірыңғай жүйесінде тіркелген, {}, тіркеу нөмірі 2026-1102-8841.",
            kazakh(start.succ_opt().expect("a next day"))
        ))
}

/// The landlord's consent, in Kazakh.
pub fn consent_kk(from: NaiveDate, until: NaiveDate) -> Doc {
    Doc::new(false)
        .title("КЕЛІСІМ")
        .title("тұрғын үй меншік иесінің")
        .right(&format!("Алматы қ., {}", kazakh(from)))
        .body(&format!(
            "Мен, Ахметова Гүлнара Серікқызы, Алматы қ., Абай к-сі, 150-үй, 12-пәтер мекенжайы бойынша пәтердің меншік иесі ретінде, Ресей Федерациясының азаматы Воронцов Андрей Сергеевичке, төлқұжат № 75 1234567, маған тиесілі тұрғын үйде {} {} уақытша тұруына келісім беремін.",
            kazakh_from(from),
            kazakh_until(until)
        ))
        .gap()
        .body("Меншік иесінің қолы ________ Г. С. Ахметова")
        .gap()
        .body("Алматы қаласының нотариусы Сейтқали А. Б. куәландырды. Тізілімде № 2-4417 болып тіркелді.")
}

/// The employer's letter of application, in Kazakh.
pub fn letter_kk(date_sent: NaiveDate) -> Doc {
    Doc::new(true)
        .heading("«Степной Код» ЖШС")
        .body("050000, Алматы қ., Достық даңғ., 77, БСН 180240012342")
        .body(&format!("Шығ. № 112, {}", kazakh(date_sent)))
        .title("ӨТІНІШХАТ")
        .body("«Степной Код» ЖШС Ресей Федерациясының азаматы Воронцов Андрей Сергеевичке, төлқұжат № 75 1234567, еңбек қызметі мақсатында уақытша тұруға рұқсат беруді сұрайды. Ол № 47/2026 шарт бойынша жетекші бағдарламашы-инженер лауазымына қабылданған.")
        .gap()
        .body("Директор ________ Е. М. Қасымов")
}

/// The fingerprint registration certificate, in Kazakh.
pub fn fingerprints_kk(issued: NaiveDate) -> Doc {
    Doc::new(true)
        .heading("ҚАЗАҚСТАН РЕСПУБЛИКАСЫ ІШКІ ІСТЕР МИНИСТРЛІГІ")
        .title("АНЫҚТАМА")
        .title("дактилоскопиялық тіркеуден өткені туралы")
        .body(&format!("№ 0047712, {}", kazakh(issued)))
        .body("Ресей Федерациясының азаматы Воронцов Андрей Сергеевичке, төлқұжат № 75 1234567, Қазақстан Республикасы Заңының 10-бабына сәйкес міндетті дактилоскопиялық тіркеуден өткені туралы берілді.")
        .body("Бөлім бастығы ________")
}

/// The previous employer's termination order, in Kazakh.
pub fn termination_order_kk(signed: NaiveDate) -> Doc {
    Doc::new(true)
        .heading("«Алатау Логистик» ЖШС")
        .title("БҰЙРЫҚ № 58-к")
        .right(&format!("Алматы қ., {}", kazakh(signed)))
        .heading("Еңбек шартын бұзу туралы")
        .body(&format!(
            "Қазақстан Республикасы Еңбек кодексінің 49-бабы 1) тармақшасы негізінде тараптардың келісімі бойынша Воронцов Андрей Сергеевичпен жасалған № 12/2025 шарт {} тоқтатылсын.",
            kazakh_from(signed)
        ))
        .body("Директор ________ Б. Т. Нұржанов")
}

/// A permit from a previous employer, in Kazakh.
pub fn permit_kk(issued: NaiveDate, until: NaiveDate) -> Doc {
    Doc::new(true)
        .heading("ҚАЗАҚСТАН РЕСПУБЛИКАСЫ")
        .title("УАҚЫТША ТҰРУҒА РҰҚСАТ")
        .body("№ 002214587")
        .body("Тегі, аты: ВОРОНЦОВ АНДРЕЙ. Азаматтығы: Ресей Федерациясы")
        .body("Мақсаты: еңбек қызметі, жұмыс беруші «Алатау Логистик» ЖШС")
        .body(&format!("Берілген күні: {}", kazakh(issued)))
        .body(&format!("Уақытша тұру мерзімі: {}", kazakh_until(until)))
}

/// The landlord's consent, in English.
pub fn consent_en(from: NaiveDate, until: NaiveDate) -> Doc {
    Doc::new(false)
        .title("CONSENT OF THE OWNER OF THE DWELLING")
        .right(&format!("Almaty, {}", english(from)))
        .body(&format!(
            "I, Gulnara Akhmetova, owner of the flat at 150 Abay Street, apartment 12, Almaty, consent to the temporary residence in my dwelling of Mr Andrei Vorontsov, a citizen of the Russian Federation, passport No. 75 1234567, for the period from {} until {}.",
            english(from),
            english(until)
        ))
        .gap()
        .body("Signature of the owner: ________ G. Akhmetova")
        .body("Certified by notary A. Seitkali, Almaty notarial district, register entry No. 2-4417.")
}

/// The application form, in English.
pub fn application_en(signed: NaiveDate) -> Doc {
    Doc::new(true)
        .title("APPLICATION FORM")
        .title("for a temporary residence permit")
        .body("Surname: VORONTSOV    Given names: ANDREI")
        .body("Citizenship: Russian Federation. Passport No. 75 1234567")
        .body("Purpose: employment with Stepnoy Kod LLP")
        .gap()
        .body(&format!(
            "Signature of the applicant ________    {}",
            english(signed)
        ))
}

/// The fingerprint registration certificate, in English.
pub fn fingerprints_en(issued: NaiveDate) -> Doc {
    Doc::new(true)
        .heading("MINISTRY OF INTERNAL AFFAIRS OF THE REPUBLIC OF KAZAKHSTAN")
        .title("CERTIFICATE")
        .title("of dactyloscopic registration (fingerprinting)")
        .body(&format!("No. 0047712 of {}", english(issued)))
        .body("Issued to Mr Andrei Vorontsov, a citizen of the Russian Federation, passport No. 75 1234567, who has undergone the compulsory fingerprint registration under Article 10 of the Law of the Republic of Kazakhstan.")
        .body("Head of department ________")
}

/// The previous employer's termination order, in English.
pub fn termination_order_en(signed: NaiveDate) -> Doc {
    Doc::new(true)
        .heading("ALATAU LOGISTICS LLP")
        .title("ORDER No. 58-k")
        .right(&format!("Almaty, {}", english(signed)))
        .heading("On termination of the employment contract")
        .body(&format!(
            "The employment contract No. 12/2025 with Mr Andrei Vorontsov is terminated by agreement of the parties under Article 49 of the Labour Code of the Republic of Kazakhstan as of {}.",
            english(signed)
        ))
        .body("Director ________ B. Nurzhanov")
}

/// A permit from a previous employer, in English.
pub fn permit_en(issued: NaiveDate, until: NaiveDate) -> Doc {
    Doc::new(true)
        .heading("REPUBLIC OF KAZAKHSTAN")
        .title("TEMPORARY RESIDENCE PERMIT")
        .body("No. 002214587. Permit holder: VORONTSOV ANDREI, Russian Federation")
        .body("Purpose: employment with Alatau Logistics LLP")
        .body(&format!("Date of issue: {}", english(issued)))
        .body(&format!("Valid until {}", english(until)))
}
