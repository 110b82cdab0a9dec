import { SeededRandom } from './random';

const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Đinh',
  'Thái',
  'Đậu',
  'Hà',
];
const MIDDLE_MALE = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Xuân', 'Đình', 'Công', 'Thanh', 'Ngọc'];
const MIDDLE_FEMALE = ['Thị', 'Thị', 'Ngọc', 'Thanh', 'Thu', 'Minh', 'Hồng', 'Kim'];
const GIVEN_MALE = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Đạt',
  'Hải',
  'Hiếu',
  'Hùng',
  'Huy',
  'Khánh',
  'Long',
  'Lợi',
  'Nam',
  'Nghĩa',
  'Phong',
  'Phúc',
  'Quân',
  'Sơn',
  'Tâm',
  'Thắng',
  'Thành',
  'Toàn',
  'Trung',
  'Tuấn',
  'Việt',
  'Vinh',
];
const GIVEN_FEMALE = [
  'Anh',
  'Châu',
  'Dung',
  'Giang',
  'Hà',
  'Hạnh',
  'Hằng',
  'Hoa',
  'Hương',
  'Lan',
  'Liên',
  'Linh',
  'Loan',
  'Mai',
  'Nga',
  'Nhung',
  'Oanh',
  'Phương',
  'Quyên',
  'Tâm',
  'Thảo',
  'Thủy',
  'Trang',
  'Vân',
  'Yến',
];

export function vietnameseName(rng: SeededRandom): { fullName: string; gender: 'MALE' | 'FEMALE' } {
  const female = rng.chance(0.45);
  const family = rng.pick(FAMILY);
  const middle = rng.pick(female ? MIDDLE_FEMALE : MIDDLE_MALE);
  const given = rng.pick(female ? GIVEN_FEMALE : GIVEN_MALE);
  return { fullName: `${family} ${middle} ${given}`, gender: female ? 'FEMALE' : 'MALE' };
}
