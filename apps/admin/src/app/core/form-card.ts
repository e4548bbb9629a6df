import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { CardHeader } from './panel-card';

/**
 * What a card with a form imports: Material's card, fields, inputs, buttons and icons, and the
 * panel's card header. Reactive cards add ReactiveFormsModule themselves (it also turns off the
 * browser's own validation, which the plain forms keep).
 */
export const FORM_CARD_IMPORTS = [
  CardHeader,
  MatButtonModule,
  MatCardModule,
  MatFormFieldModule,
  MatIconModule,
  MatInputModule,
] as const;
