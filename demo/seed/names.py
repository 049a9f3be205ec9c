"""Names for demo people: varied, British and Irish and the many other backgrounds found in
English prisons; wings, and probation delivery units and teams for the COM fields."""

# fmt: off
MALE_FIRST_NAMES = (
    "James", "Oliver", "Jack", "Harry", "George", "Thomas", "William", "Daniel", "Liam",
    "Connor", "Callum", "Kieran", "Ryan", "Lewis", "Jamie", "Aaron", "Dylan", "Owen", "Rhys",
    "Gareth", "Dafydd", "Sean", "Patrick", "Cian", "Declan", "Eoin", "Niall", "Padraig",
    "Ciaran", "Mohammed", "Ahmed", "Imran", "Tariq", "Bilal", "Hamza", "Yusuf", "Raj", "Sanjay",
    "Arjun", "Gurpreet", "Harjit", "Kofi", "Kwabena", "Chinedu", "Emeka", "Tunde", "Olumide",
    "Abdi", "Mohamed", "Hassan", "Delroy", "Leon", "Marcus", "Tyrone", "Andre", "Winston",
    "Piotr", "Tomasz", "Marek", "Andrei", "Bogdan", "Florin", "Darius", "Lukas", "Mehmet",
    "Emre", "Dritan", "Arben", "Kai", "Wei", "Minh", "Jose", "Luis", "Stuart", "Craig",
    "Darren", "Wayne", "Lee", "Carl", "Gary", "Mark", "Paul", "Steven", "Christopher",
    "Michael", "David", "John", "Anthony", "Joshua", "Nathan", "Kyle", "Bradley", "Reece",
    "Tyler", "Jordan", "Mason", "Ethan", "Alfie", "Charlie", "Samuel", "Benjamin", "Ibrahim",
    "Omar", "Zain", "Ravi", "Vikram", "Yaw", "Kwame", "Jermaine", "Ashley", "Dean", "Shane",
)
FEMALE_FIRST_NAMES = (
    "Sarah", "Emma", "Laura", "Rebecca", "Hannah", "Jessica", "Chloe", "Amy", "Charlotte",
    "Sophie", "Lauren", "Gemma", "Kelly", "Stacey", "Leanne", "Danielle", "Nicola", "Michelle",
    "Claire", "Joanne", "Donna", "Tracey", "Siobhan", "Aoife", "Niamh", "Orla", "Ciara",
    "Roisin", "Sinead", "Bethan", "Cerys", "Ffion", "Seren", "Aisha", "Fatima", "Amira",
    "Zainab", "Samira", "Priya", "Sunita", "Harpreet", "Simran", "Anjali", "Ama", "Abena",
    "Ngozi", "Chioma", "Funmi", "Sade", "Halima", "Marcia", "Paulette", "Shanice", "Tanisha",
    "Keisha", "Agnieszka", "Katarzyna", "Magdalena", "Ioana", "Elena", "Daria", "Ayse",
    "Mei", "Lan", "Maria", "Ana", "Jade", "Kayleigh", "Courtney", "Natalie", "Victoria",
    "Stephanie", "Zoe", "Leah", "Megan", "Ellie", "Lucy", "Molly", "Paige", "Shannon",
)
LAST_NAMES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood",
    "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King",
    "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis",
    "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter",
    "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards",
    "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson",
    "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain",
    "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd",
    "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins", "Dixon", "Fletcher",
    "O'Brien", "O'Sullivan", "Byrne", "Ryan", "Walsh", "O'Connor", "McCarthy", "Doyle",
    "Gallagher", "Quinn", "Kavanagh", "Brennan", "Flanagan", "McLaughlin", "Nolan",
    "Ahmed", "Rahman", "Iqbal", "Malik", "Chaudhry", "Mahmood", "Akhtar", "Shah", "Sharma",
    "Gill", "Sandhu", "Dhillon", "Kaur", "Mistry", "Chauhan", "Okafor", "Adeyemi", "Okonkwo",
    "Mensah", "Owusu", "Asante", "Boateng", "Adebayo", "Oluwole", "Mohamud", "Warsame",
    "Farah", "Campbell-Brown", "Francis", "Grant", "Reid", "Gordon", "Samuels", "Nowak",
    "Kowalski", "Wisniewski", "Popescu", "Ionescu", "Petrov", "Kaya", "Yilmaz", "Hoxha",
    "Krasniqi", "Nguyen", "Tran", "Chen", "Wang", "Li", "Silva", "Santos", "Fernandes",
    "Da Costa", "McKenzie", "Fraser", "Stewart", "MacDonald", "Robertson", "Pritchard",
    "Llewellyn", "Bowen", "Vaughan", "Rees", "Powell-Jones",
)
# fmt: on
WINGS = "ABCDEFGHJK"

# Probation delivery units and their teams, for the COM fields of allocations.
# fmt: off
PDUS = (
    "Leeds", "Bradford and Calderdale", "Wakefield", "Sheffield", "Hull and East Riding",
    "Manchester North", "Liverpool North", "Birmingham Central", "Lambeth", "Southwark",
    "Croydon", "Cardiff and Vale", "Swansea, Neath and Port Talbot", "Lincolnshire East",
    "Newcastle upon Tyne", "Bristol and South Gloucestershire",
)
TEAM_WORDS = ("North", "South", "East", "West", "Central", "City")
# fmt: on
