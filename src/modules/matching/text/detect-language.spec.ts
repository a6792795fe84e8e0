import { detectLanguage } from './detect-language';

describe('detectLanguage', () => {
  it.each([
    ['zh', '光伏组件生产技术转让'],
    ['zh', '我们公司开发了一种用于农村地区的低成本太阳能水泵系统，希望与东盟合作伙伴建立合资企业。'],
    ['zh', '基于AI的5G网络优化平台'],
    ['th', 'เซลล์แสงอาทิตย์'],
    ['th', 'บริษัทของเราต้องการเทคโนโลยีการผลิตปุ๋ยอินทรีย์จากของเสียทางการเกษตรเพื่อเกษตรกรในภาคอีสาน'],
    ['vi', 'Công nghệ pin mặt trời'],
    ['vi', 'Chúng tôi cần công nghệ xử lý nước thải cho các nhà máy chế biến thủy sản ở đồng bằng sông Cửu Long.'],
    ['en', 'We are looking for a partner to license our low-cost water purification technology for rural areas.'],
    ['id', 'Kami mencari mitra untuk teknologi pengolahan limbah karena pemerintah daerah bisa mendukung proyek ini.'],
    ['ms', 'Syarikat kami mempunyai teknologi rawatan air yang boleh digunakan di kawasan luar bandar kerana kosnya rendah.'],
  ])('%s: %s', (language, text) => {
    const r = detectLanguage(text);
    expect(r.language).toBe(language);
    expect(r.confidence).toBeGreaterThan(0.2);
    expect(r.confidence).toBeLessThanOrEqual(1);
  });

  it.each([
    ['Khmer', 'ក្រុមហ៊ុនរបស់យើងកំពុងស្វែងរកបច្ចេកវិទ្យាថាមពលព្រះអាទិត្យ'],
    ['Lao', 'ບໍລິສັດຂອງພວກເຮົາກຳລັງຊອກຫາເຕັກໂນໂລຊີພະລັງງານແສງຕາເວັນ'],
    ['Burmese', 'ကျွန်ုပ်တို့ကုမ္ပဏီသည် နေရောင်ခြည်စွမ်းအင်နည်းပညာကို ရှာဖွေနေသည်'],
    ['Tagalog', 'Ang aming kumpanya ay naghahanap ng teknolohiya para sa solar na enerhiya sa mga probinsya.'],
    ['Japanese', '太陽光パネルの製造技術を探しています'],
    ['empty', '   '],
    ['digits only', '2024 - 100%'],
  ])('%s is not labelled one of the six', (_name, text) => {
    expect(detectLanguage(text)).toEqual({ language: 'und', confidence: 0 });
  });

  it('is less sure of Indonesian/Malay without a telling word than with one', () => {
    const plain = detectLanguage('Teknologi ini untuk pengolahan air dan tanah');
    const marked = detectLanguage('Teknologi ini untuk pengolahan air dan tanah kerana boleh digunakan');
    expect(marked.language).toBe('ms');
    expect(plain.confidence).toBeLessThan(0.5);
    expect(marked.confidence).toBeGreaterThan(plain.confidence);
  });
});
