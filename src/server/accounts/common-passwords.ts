/**
 * A bundled list of common passwords, written for Waystone from public knowledge of what
 * breach corpora are full of: the well-known top passwords, everyday words people build
 * passwords on (names, pets, sports, fantasy and gaming words a MUD attracts), and generated
 * keyboard walks, repeats and sequences. All lower case; `passwords.ts` compares lower-cased,
 * de-leeted input and also strips a short digit/symbol suffix, so `Dragon2024!` counts as
 * `dragon`. Kept in its own file so a game can read it, and so it can grow without touching
 * the rules.
 */

const WELL_KNOWN = `
123456 123456789 12345678 12345 1234567 1234567890 123123 111111 000000 654321 666666 121212
112233 123321 159753 987654321 7777777 1q2w3e4r 1q2w3e4r5t 1q2w3e 1qaz2wsx 1qazxsw2 zaq12wsx
zaq1zaq1 qazwsx qazwsxedc qwerty qwerty123 qwertyuiop qwert qwertyu qwertyui asdfgh asdfghjk
asdfghjkl zxcvbn zxcvbnm zxcvbnm1 asdf1234 qwer1234 1234qwer abcd1234 abc123 abc12345
abcdef abcdefg abcdefgh a1b2c3d4 a1b2c3 aa123456 aaaaaa aaaaaaaa password passw0rd p4ssw0rd
password1 password12 password123 password1234 pass1234 pass123 passpass passwort motdepasse
contrasena senha parola wachtwoord haslo salasana losenord adgangskode jelszo heslo
letmein letmein1 welcome welcome1 welcome123 iloveyou iloveyou1 iloveu loveyou trustno1
monkey dragon shadow master sunshine princess football baseball basketball soccer hockey
superman batman spiderman starwars pokemon michael jennifer jordan jordan23 hunter hunter2
buster tigger charlie robert thomas daniel andrew joshua matthew anthony william jessica
ashley amanda nicole michelle melissa samantha elizabeth maggie ginger pepper cheese summer
freedom whatever qwerty1 access admin admin123 administrator root toor guest test test123
testing changeme default secret secret123 login master123 mustang harley ranger killer
computer internet google facebook linkedin twitter youtube microsoft apple samsung nintendo
playstation xbox360 minecraft fortnite roblox warcraft starcraft diablo zelda mario
lovely loveme lover friends family forever babygirl angel angel1 flower butterfly chocolate
cookie banana orange purple yellow silver golden diamond crystal rainbow blessed jesus
christ god godisgood heaven hallo hello hello123 hello1 hiphop music guitar piano dancer
naruto sasuke goku vegeta pikachu charizard matrix neo trinity morpheus gandalf frodo
aragorn legolas mordor hobbit sauron dumbledore hogwarts harrypotter voldemort merlin
excalibur camelot arthur lancelot wizard warrior knight paladin ranger1 rogue thief
assassin necromancer sorcerer dungeon dragons dungeonmaster mud mudder telnet evennia
waystone adventure quest questing zork colossal xyzzy plugh
blink182 metallica slipknot nirvana eminem 50cent tupac beatles qweasd qweasdzxc 1qw23e
1234abcd 12qwaszx q1w2e3r4 q1w2e3r4t5 q1w2e3 1a2b3c4d 11111111 22222222 88888888 99999999
00000000 12341234 11223344 123654 147258369 147258 258456 789456123 741852963 963852741
123qwe 123qweasd 123abc 321654 5201314 woaini 1314520 iloveyou2 baby123 princess1 sunshine1
football1 monkey1 dragon1 shadow1 master1 superman1 batman1 soccer1 michael1 charlie1
jordan1 hannah ashley1 daniel1 jessica1 qwerty12 asdasd asdasdasd zxczxc qweqwe 123asd
asdqwe123 qwe123 zxc123 147852 159357 852456 456789 010203 102030 112358 314159 271828
`;

/** Everyday words passwords are built on; the suffix rule in passwords.ts covers `word123`. */
const WORDS = `
about access account action admin adrian alex alexander alexis alice alicia allison alpha
amber anakin andrea angela angels animal anna annie apollo april arsenal athena
august austin autumn avatar azerty bailey banana bandit barcelona barney baseball bear
beast beauty bella benjamin berlin bigdaddy birdie biscuit black blaze blessing blonde
blue bluebird bond007 booboo boomer boston brandon brandy bravo brian britney broncos
brooklyn brother brownie bubba bubbles buddy bulldog buster butter butterfly caesar
calvin camaro cameron canada captain carlos carmen caroline casper cassie castle cat
celtic chance changeit charles charlotte chelsea cherry chester chicago chicken chris
christian christina christine christmas cindy claire clover coffee college compaq cookie
cooper corvette cowboy cowboys creative cricket crystal cupcake dakota dallas dancing
daniela danielle darkness darling david death delta denise denver destiny dexter diablo
diamond digital dolphin donald dragonball dreamer eagle eagles edward einstein elephant
elijah emily eminem emma energy england enigma enter eric evolution explorer falcon
fantasy felix fender ferrari fire fireball fish fisher florida flower flowers forest
fortune france francis frank freddy freedom friend friendship frog gabriel
galaxy garfield gateway gemini genesis george germany ghost giants gibson girl gladiator
global golf goober gorgeous grace great green gregory guitar gunner hammer hannah
happy hardcore harley harvey hawaii heather hello helpme hercules hockey holiday home
honda honey horse hotdog house houston hunter iceman india indian internet
isabel isabella italia jack jackie jackson jaguar james jasmine jason jasper jeremy
jessie jesus jimmy johnny johnson jonathan joseph joshua julia julian julie junior
jupiter justice justin kaitlyn karate katie kelly kevin killer king kitten kitty
knight ladybug lakers laura lauren lebron legend lemon leonardo liberty lightning
lincoln lion little liverpool london lonely lovely lucky lucy madison magic magnum
manchester marina mario marlboro marshall martin marvin mary master matrix maverick
maxwell mercedes mercury merlin mexico midnight mike miller minnie mirror monica
monkey monster montana moon morgan mother mountain movie muffin murphy music mustang
natalie nathan nature nelson newyork nicholas nikita ninja nissan nothing ocean
october oliver olivia omega orange orlando packers panda panther panthers paris parker
passion patches patrick peace peaches peanut pebbles penguin people pepsi perfect
phantom phoenix picture pirate player playboy please poohbear porsche power precious
prince private pumpkin puppy purple qwertz rabbit rachel raiders rainbow random rascal
raven rebecca redskins redsox remember richard river robin rock rocket rocky roman
rosebud rosemary ruby runner russia sabrina sakura salvador samsung samson sandra
santos sarah saturn scooby scooter scorpio scorpion scotland scott secret serena
shannon sharon shelby sierra simba simple simpsons skater slayer smile smokey snake
snickers snoopy snowball soccer sophie sparky spencer spider spirit sports spring
stalker star starlight steelers stella steven stupid success sugar summer sunny
sunset super surfer swordfish sydney system taylor teacher teddy tennis thunder
tiffany tiger tigers titanic tomcat toyota travis trinity trouble tucker turtle
twilight united universe valentine vampire vanessa venus victor victoria viking
vincent violet voyager warrior water welcome whatever white william willow wilson
windows winner winston winter wolf wolverine wonder world wrestling yamaha yankees
yellow young zachary zeus zombie
`;

function keyboardWalks(): string[] {
  const rows = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'qwertzuiop', 'azertyuiop'];
  const out: string[] = [];
  for (const row of rows) {
    for (let len = 6; len <= row.length; len++) {
      out.push(row.slice(0, len), [...row.slice(0, len)].reverse().join(''));
    }
  }
  return out;
}

function repeats(): string[] {
  const out: string[] = [];
  for (const ch of 'abcdefghijklmnopqrstuvwxyz0123456789!') {
    for (const len of [6, 8, 10]) out.push(ch.repeat(len));
  }
  for (const chunk of ['ab', 'abc', '12', '123', 'qw', 'qwe', 'xo', 'ha', 'lol']) {
    out.push(chunk.repeat(Math.ceil(8 / chunk.length)), chunk.repeat(Math.ceil(10 / chunk.length)));
  }
  return out;
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}

/** Lower-case common passwords and password stems. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  ...words(WELL_KNOWN),
  ...words(WORDS),
  ...keyboardWalks(),
  ...repeats(),
]);
