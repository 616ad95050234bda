# L’écran du solde : ce que contient le compte, ce qui arrive et d’où il vient.

balance-available = Solde disponible
balance-refresh = Actualiser
balance-refresh-hint = Demander le solde au serveur maintenant
balance-hidden = Masqué pour que personne autour de vous ne puisse le lire.
balance-show = Afficher le solde
balance-add-money = Ajouter des fonds
balance-add-money-hint = Ajouter des fonds à votre solde avec une carte de paiement
balance-updated = Mis à jour { $age }
balance-stale = Pas à jour — dernière confirmation { $age }
balance-stale-next-step = { $next_step } Le solde affiché est le dernier confirmé par le serveur.
balance-loading = Chargement de votre solde…
balance-nudge-title = { $amount } vous attendent depuis le { $date }
balance-nudge-text = Votre solde n’expire jamais. Utilisez-le pour des apps, de la musique, des abonnements ou en magasin.

## Reprises.

balance-pending-title = Crédit de reprise en cours
balance-no-trade-ins = Aucune reprise. Faites reprendre un appareil pour obtenir du crédit.
balance-trade-in-pending = Appareil attendu
balance-trade-in-received = Reçu
balance-trade-in-inspecting = En cours d’examen
balance-trade-in-credited = Crédité
balance-trade-in-rejected = Refusé

## D’où vient le solde.

balance-sources-title = D’où vient votre solde
balance-sources-empty = Rien pour l’instant. Utilisez une carte cadeau pour alimenter votre solde.
balance-source-gift-card = Carte cadeau
balance-source-trade-in = Reprise
balance-source-added-funds = Fonds ajoutés
balance-source-purchase = Achat
balance-source-refund = Remboursement
balance-source-adjustment = Ajustement
