// The most common passwords of 8+ characters in public breach corpora (the shorter ones fail
// the length rule anyway). Compared in lower case.
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '12345678', '123456789', '1234567890', '12345678910', '123123123', '11111111', '111111111',
  '00000000', '88888888', '87654321', '987654321', '11223344', '12341234', '123456789a',
  '1q2w3e4r', '1q2w3e4r5t', '1qaz2wsx', 'qwertyuiop', 'qwerty123', 'qwertyui', 'qwerty12',
  'asdfghjkl', 'asdfasdf', 'zxcvbnm1', 'password', 'password1', 'password12', 'password123',
  'password!', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'iloveyou', 'iloveyou1', 'princess',
  'sunshine', 'football', 'baseball', 'basketball', 'superman', 'starwars', 'trustno1',
  'whatever', 'letmein1', 'welcome1', 'welcome123', 'computer', 'michelle', 'jennifer',
  'internet', 'corvette', 'mercedes', 'maverick', 'jordan23', 'liverpool', 'chelsea1',
  'arsenal1', 'pokemon1', 'dragon123', 'monkey123', 'shadow123', 'master123', 'abcd1234',
  'abc12345', 'abcdefgh', 'a1b2c3d4', 'aa123456', 'zaq12wsx', 'q1w2e3r4', 'q1w2e3r4t5',
  'changeme', 'administrator', 'admin123', 'admin1234', 'secret123', 'test1234', 'testtest',
  'passpass', 'hello123', 'freedom1', 'killer123', 'lovely123', 'qazwsxedc', 'asdf1234',
  '1234qwer', 'qwer1234', 'parley123', 'chatchat',
]);
