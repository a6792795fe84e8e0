/**
 * Small curated stopword lists: function words that carry no technology meaning and would
 * otherwise dominate term frequencies. Kept short on purpose: a word that may be a
 * technical term in some context (e.g. `energi`, `sistem`) is not listed.
 * Lists are in normalised form (NFKC, lower case, diacritics kept).
 * Tagalog is not a listing language; its list only lets language detection recognise it.
 */
export const STOPWORDS = {
  en: `a about above after again against all also am an and any are as at be been before being below between both but by
    can could did do does doing down during each few for from further had has have having he her here hers him his how i if
    in into is it its itself just may me might more most must my no nor not now of off on once only or other our ours out
    over own same she should so some such than that the their theirs them then there these they this those through to too
    under until up upon very via was we were what when where which while who whom why will with within without would you
    your yours`,
  id: `ada adalah agar akan aku anda antara apa apabila atau bagi bahwa banyak baru beberapa begitu belum bisa dalam dan
    dapat dari demikian dengan di dia ditemukan hal hanya harus hingga ia ini itu jadi jika juga jumlah kali kami karena
    ke kepada ketika kita lagi lain lebih maka masih melalui mereka namun oleh pada para saat saja sangat saya sebagai
    sebelum sebuah secara sedang sehingga sejak selain selama semua seperti serta setelah sudah suatu tanpa telah tentang
    terhadap tersebut tetapi tidak untuk yaitu yang`,
  ms: `ada adalah agar akan aku anda antara apa apabila atau bagi bahawa banyak baru beberapa begitu belum boleh dalam
    dan dapat dari daripada demikian dengan di dia hal hanya hingga ia ialah iaitu ini itu jadi jika juga kali kami kepada
    kerana ketika kita lagi lain lebih maka manakala masih melalui mereka mesti namun oleh pada para pula sahaja saya
    sebagai sebelum sebuah secara sedang sehingga sejak selain selama selepas semasa semua seperti serta sudah suatu
    supaya tanpa telah tentang terhadap tersebut tetapi tidak untuk yang`,
  vi: `à anh bị bởi các cả cái cho chỉ chính chúng có còn của cùng cũng đã đang để đến đó được gì hay hoặc họ hơn khi
    không là lại lên mà mình một nào này nên nếu nhiều như nhưng những nó ở ra rằng rất sau sẽ tại thì theo thế tôi trên
    trong từ và vào vẫn về vì với`,
  th: `กับ กัน การ ก็ ขึ้น ของ คือ ความ จะ จาก ซึ่ง ด้วย ต่อ ต้อง ถึง ทั้ง ที่ ทำ นั้น นี้ โดย ได้ ใน เป็น เพื่อ มา มี ยัง แล้ว
    ว่า หรือ ให้ ออก อยู่ อย่าง อีก เมื่อ แต่ และ ไป ไม่ เขา เรา หาก เช่น ๆ`,
  zh: `的 了 和 是 在 也 就 都 而 及 与 或 等 这 那 其 之 为 对 以 于 将 把 被 从 由 个 一 不 有 我 你 他 她 它 们 我们 他们 它们
    该 此 并 但 如果 因为 所以 可以 能 会 要 已 已经 这个 这些 那些 一个 以及 并且 还 很 被 着 过 地 得 所`,
  tl: `ang ng mga sa na at ay si ni kay para hindi ito iyon nang may mula kung din rin lamang lang pa ba niya nila siya sila
    kami tayo ako ikaw ka ko mo po isang ngunit dahil bilang upang kanyang kanilang ating nito noong ding raw`,
} as const;

export type StopwordLanguage = keyof typeof STOPWORDS;
