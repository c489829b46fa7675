import {
  ArrowDownUp, BookOpen, Bot, Brain, Calculator, Calendar, Camera, ChartBar, Clock, Cloud, Code, Compass, Database,
  Eraser, FileText, Flame, Folder, Globe, Hash, Heart, Image, Languages, Lightbulb, Link, List, ListChecks, Mail, Map,
  Megaphone, MessageSquare, Mic, Newspaper, Palette, PenLine, Pencil, Quote, Repeat, Rocket, Scissors, Search,
  Settings, ShoppingCart, Shuffle, Sparkles, SquareSlash, Star, Table, Terminal, Type, User, Users, Video, Wand,
  Wrench, Zap, type LucideIcon
} from 'lucide-react';

/**
 * The Lucide icons a command may name (kebab case, as on lucide.dev). A chosen set rather than
 * all of Lucide: the whole set would add about 600 kB to the UI, or 1,600 lazily loaded files.
 * Any other name shows the generic slash icon.
 */
const ICONS: Record<string, LucideIcon> = {
  'arrow-down-up': ArrowDownUp, 'book-open': BookOpen, bot: Bot, brain: Brain, calculator: Calculator,
  calendar: Calendar, camera: Camera, 'chart-bar': ChartBar, 'bar-chart': ChartBar, clock: Clock, cloud: Cloud,
  code: Code, compass: Compass, database: Database, eraser: Eraser, 'file-text': FileText, flame: Flame,
  folder: Folder, globe: Globe, hash: Hash, heart: Heart, image: Image, languages: Languages, lightbulb: Lightbulb,
  link: Link, list: List, 'list-checks': ListChecks, mail: Mail, map: Map, megaphone: Megaphone,
  'message-square': MessageSquare, mic: Mic, newspaper: Newspaper, palette: Palette, 'pen-line': PenLine,
  pencil: Pencil, quote: Quote, repeat: Repeat, rocket: Rocket, scissors: Scissors, search: Search,
  settings: Settings, 'shopping-cart': ShoppingCart, shuffle: Shuffle, sparkles: Sparkles, star: Star, table: Table,
  terminal: Terminal, type: Type, user: User, users: Users, video: Video, wand: Wand, wrench: Wrench, zap: Zap
};

/** The icon of a command (a Lucide name in kebab or Pascal case). */
export function CommandIcon({ name, size = 16 }: { name?: string; size?: number }) {
  const key = (name ?? '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  const Icon = ICONS[key] ?? SquareSlash;
  return <Icon size={size} aria-hidden="true" />;
}
