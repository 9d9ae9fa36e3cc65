"""Small lists the synthetic council draws its names from. Every combination is invented."""

FIRST_NAMES = (
    "Amara", "Ben", "Chloe", "Daniel", "Ella", "Farah", "George", "Hana", "Isaac", "Jade",
    "Kwame", "Leah", "Mohammed", "Nadia", "Oliver", "Priya", "Quinn", "Rosa", "Samir", "Tess",
    "Umar", "Vera", "Wes", "Yasmin", "Zane", "Aisha", "Bartek", "Ciara", "Dev", "Esther",
    "Femi", "Gemma", "Harvey", "Imani", "Jonah", "Kasia", "Liam", "Maya", "Niall", "Olu",
)
SURNAMES = (
    "Okafor", "Patel", "Nowak", "Hughes", "Khan", "Evans", "Mensah", "Walsh", "Begum", "Clarke",
    "Adeyemi", "Kowalski", "Shah", "Murphy", "Osei", "Bennett", "Hussain", "Price", "Ali", "Reid",
    "Popescu", "Farah", "Lloyd", "Ahmed", "Doyle", "Iqbal", "Fisher", "Mahmood", "Grant", "Kaur",
)
CHILD_NAMES = (
    "Alfie", "Bella", "Caleb", "Daisy", "Ezra", "Freya", "Grace", "Harry", "Ivy", "Jayden",
    "Keira", "Leo", "Mia", "Noah", "Orla", "Poppy", "Reuben", "Sofia", "Theo", "Zara",
)
SERVICE_NAMES = ("North", "South", "East", "West", "Central", "Riverside", "Valley", "Coast")
AREAS = (
    "Ashby Vale", "Brindle Cross", "Coldharbour", "Dunmore", "Elmstead", "Fernley", "Gorse Hill",
    "Hatherby", "Ivel Green", "Kestrel Park", "Larkmoor", "Millbrook", "Netherfold", "Oakwell",
    "Pennick", "Quarry Bank", "Redwater", "Saltmarsh", "Thornbury Rise", "Upton Marsh",
    "Wexcombe", "Yarrowdale",
)
LANGUAGES = ("polish", "urdu", "arabic", "romanian", "punjabi", "somali")
COMPLEXITY_FLAGS = ("domestic_abuse", "neglect", "mental_health", "substance_misuse", "exploitation", "housing")
REDUCTIONS = (
    ("union representative", 10, None),
    ("practice educator", 10, None),
    ("phased return", 25, 35),
    ("reasonable adjustment", 20, None),
)
